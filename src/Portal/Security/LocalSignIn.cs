using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Portal.Security;

/// <summary>
/// Local mode's sign-in link, as Jupyter's: a random token printed on the console at start-up, spent by its first
/// use (a fresh link is then printed for the next browser). PORTAL_LOCAL_TOKEN fixes the token instead: reusable,
/// and accepted as <c>Authorization: Bearer</c> so scripts and tests can call the JSON API.
/// </summary>
public sealed class LocalSignIn
{
    private readonly Lock _gate = new();
    private readonly string? _fixed;
    private string _oneTime = NewToken();
    private string? _baseUrl;
    private readonly TextWriter? _console;

    /// <param name="console">Where the link is printed; standard output unless a test listens.</param>
    public LocalSignIn(IOptions<AuthOptions> options, bool enabled, TextWriter? console = null)
    {
        Enabled = enabled;
        _console = console;
        _fixed = string.IsNullOrEmpty(options.Value.LocalToken) ? null : options.Value.LocalToken;
    }

    /// <summary>Local mode only.</summary>
    public bool Enabled { get; }

    public bool IsFixed => _fixed is not null;

    /// <summary>Accepts the fixed token, or the current one-time token, which it spends.</summary>
    public bool TryRedeem(string? token)
    {
        if (!Enabled || string.IsNullOrEmpty(token)) return false;
        if (_fixed is not null) return SameSecret(token, _fixed);
        lock (_gate)
        {
            if (!SameSecret(token, _oneTime)) return false;
            _oneTime = NewToken();
            if (_baseUrl is not null) Print("The sign-in link was used. Another browser can sign in with");
            return true;
        }
    }

    /// <summary>The fixed token as a bearer credential; one-time tokens are links only.</summary>
    public bool IsFixedToken(string? token) => Enabled && _fixed is not null && token is not null && SameSecret(token, _fixed);

    /// <summary>
    /// Console only, never the log: a log ships elsewhere, and the link is a credential. With a fixed token the link
    /// shows the variable's name, not its value.
    /// </summary>
    public void Announce(string baseUrl)
    {
        lock (_gate)
        {
            _baseUrl = baseUrl.TrimEnd('/');
            Print("Sign in");
        }
    }

    private void Print(string label)
    {
        var token = _fixed is not null ? $"<{AuthOptions.LocalTokenKey}>" : _oneTime;
        (_console ?? Console.Out).WriteLine($"{label}: {_baseUrl}/signin?token={token}");
    }

    private static string NewToken() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24));

    // Hashing first makes the comparison constant-time whatever the lengths.
    private static bool SameSecret(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}

/// <summary>Prints the sign-in link once Kestrel listens, on the address it listens on.</summary>
internal sealed class LocalSignInAnnouncer(LocalSignIn signIn, IServer server, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            if (address is null) return; // the test server has no address to print
            signIn.Announce(address.Replace("://[::]", "://127.0.0.1").Replace("://+", "://127.0.0.1").Replace("://0.0.0.0", "://127.0.0.1"));
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
