using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Portal.Hosting;
using Portal.Security;

namespace Portal.Tests.Security;

/// <summary>
/// The portal with every way in configured: the fixed local token, a local viewer with a password, proxy (ALB)
/// and bearer tokens signed by a key made for this run, and a test-only mutating endpoint mapped on the app's own
/// routes. Background services are left out (no LocalCloud): access control does not need the world.
/// </summary>
public sealed class SecureHost : IAsyncDisposable
{
    public const string Issuer = "https://idp.example.test/";
    public const string Audience = "portal-tests";
    public const string AlbSigner = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/portal/0123456789abcdef";
    public const string OperatorGroup = "platform-oncall";
    public const string ViewerGroup = "engineering";
    public const string ViewerName = "vera";
    public const string ViewerPassword = "correct-horse-battery-viewer-17";
    public const string MutatePath = "/test-only/mutate";

    public static readonly ECDsa SigningKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    public static readonly ECDsa ForeignKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private static readonly string ViewerHash = LocalPasswords.Hash(ViewerPassword);

    private static readonly Dictionary<string, string> AwsTopology = new()
    {
        ["Portal:Environments:0:Name"] = "production",
        ["Portal:Environments:0:Protected"] = "true",
        ["Portal:Environments:0:HostedZoneId"] = "Z0123456789ABCDEFGHIJ",
        ["Portal:Environments:0:RecordName"] = "app.example.com.",
        ["Portal:Environments:0:TableName"] = "webapp-production",
        ["Portal:Environments:0:Regions:0:Region"] = "us-east-1",
        ["Portal:Environments:0:Regions:0:ServiceArn"] = "arn:aws:apprunner:us-east-1:123456789012:service/webapp-production/8fe1e10304f84fd2b0df550fe98a71fa",
        ["Portal:Environments:0:Regions:0:EcrRepository"] = "webapp",
        ["Portal:Environments:0:Regions:0:HealthCheckId"] = "abcdef12-3456-7890-abcd-ef1234567890",
        ["Portal:Environments:0:Regions:0:SetIdentifier"] = "us-east-1",
        ["Portal:Environments:0:Regions:1:Region"] = "us-east-2",
        ["Portal:Environments:0:Regions:1:ServiceArn"] = "arn:aws:apprunner:us-east-2:123456789012:service/webapp-production/2be1e10304f84fd2b0df550fe98a71fb",
        ["Portal:Environments:0:Regions:1:EcrRepository"] = "webapp",
        ["Portal:Environments:0:Regions:1:HealthCheckId"] = "bbcdef12-3456-7890-abcd-ef1234567890",
        ["Portal:Environments:0:Regions:1:SetIdentifier"] = "us-east-2",
    };

    public PortalApplication App { get; }
    public WebApplicationFactory<Portal.Pages.IndexModel> Factory { get; }
    public LogRecorder Logs { get; } = new();

    /// <param name="aws">Aws mode: a configured topology, no local token, no local users.</param>
    /// <param name="services">Test services, added last.</param>
    public SecureHost(Action<PortalApplication>? configure = null, bool aws = false, Action<IServiceCollection>? services = null)
    {
        App = new PortalApplication()
            .With("Portal:Auth:Issuer", Issuer)
            .With("Portal:Auth:Audience", Audience)
            .With("Portal:Auth:AlbSigner", AlbSigner)
            .With("Portal:Auth:SigningKeys:0:KeyId", "k1")
            .With("Portal:Auth:SigningKeys:0:Pem", SigningKey.ExportSubjectPublicKeyInfoPem())
            .With("Portal:Auth:RoleGroups:Operator:0", OperatorGroup)
            .With("Portal:Auth:RoleGroups:Viewer:0", ViewerGroup)
            .With("Portal:Auth:TrustForwardedHeaders", "true")
            .With("Logging:LogLevel:Default", "Trace")
            .With("Logging:LogLevel:Microsoft", "Trace")
            .With("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
        if (aws)
        {
            App.With("PORTAL_LOCAL_TOKEN", null).With("Portal:Mode", "Aws");
            foreach (var (key, value) in AwsTopology) App.With(key, value);
        }
        else
        {
            App.With("Portal:Auth:LocalUsers:0:Username", ViewerName)
                .With("Portal:Auth:LocalUsers:0:PasswordHash", ViewerHash)
                .With("Portal:Auth:LocalUsers:0:Roles:0", "Viewer");
        }
        configure?.Invoke(App);
        Factory = App.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            var portal = typeof(Portal.Pages.IndexModel).Assembly;
            foreach (var hosted in services.Where(d => d.ServiceType == typeof(IHostedService)
                && (d.ImplementationType?.Assembly == portal || d.ImplementationFactory?.Method.DeclaringType?.Assembly == portal)).ToList())
                services.Remove(hosted);
            services.AddSingleton<ILoggerProvider>(Logs);
            services.AddSingleton<IPortalEndpoints, TestOnlyEndpoints>();
        }).ConfigureTestServices(s => services?.Invoke(s)));
    }

    /// <summary>Signed in as Operator with the fixed local token.</summary>
    public HttpClient Operator() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public HttpClient Anonymous()
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    public HttpClient WithBearer(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient WithAlbHeader(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Add(AuthOptions.AlbHeader, token);
        return client;
    }

    /// <summary>Signs in with the password form, antiforgery token and all; the client keeps the cookie.</summary>
    public async Task<HttpClient> SignedInViewerAsync()
    {
        var client = Anonymous();
        var response = await client.PostAsync("/signin", await SignInFormAsync(client, ViewerName, ViewerPassword));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static async Task<FormUrlEncodedContent> SignInFormAsync(HttpClient client, string user, string password) =>
        new(new Dictionary<string, string>
        {
            ["Input.Username"] = user,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = AntiforgeryToken(await client.GetStringAsync("/signin")),
        });

    public static string AntiforgeryToken(string html) =>
        Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value is { Length: > 0 } token
            ? token
            : throw new InvalidOperationException("No antiforgery token in the page.");

    public static string Jwt(string[] groups, ECDsa? key = null, string audience = Audience, TimeSpan? expiresIn = null, string email = "olga@example.com")
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(10));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = expires.AddHours(-1),
            NotBefore = expires.AddHours(-1),
            Expires = expires,
            Claims = new Dictionary<string, object> { ["email"] = email, ["sub"] = "user-1", ["groups"] = groups },
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key ?? SigningKey) { KeyId = "k1" }, SecurityAlgorithms.EcdsaSha256),
        });
    }

    /// <summary>As the ALB signs it: ES256, no aud, client and signer in the header, base64url segments padded with '='.</summary>
    public static string AlbToken(string[] groups, ECDsa? key = null, string client = Audience, TimeSpan? expiresIn = null, string kid = "k1")
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(2));
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            IssuedAt = expires.AddHours(-1),
            NotBefore = expires.AddHours(-1),
            Expires = expires,
            Claims = new Dictionary<string, object> { ["email"] = "alb-user@example.com", ["sub"] = "user-2", ["groups"] = groups },
            AdditionalHeaderClaims = new Dictionary<string, object> { ["client"] = client, ["signer"] = AlbSigner },
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key ?? SigningKey) { KeyId = kid }, SecurityAlgorithms.EcdsaSha256),
        });
        return string.Join('.', token.Split('.').Select(p => p.PadRight((p.Length + 3) / 4 * 4, '=')));
    }

    public ValueTask DisposeAsync()
    {
        Factory.Dispose();
        return App.DisposeAsync();
    }

    /// <summary>A POST endpoint mapped on the portal's own route builder, as a later issue's actions will be.</summary>
    private sealed class TestOnlyEndpoints : IPortalEndpoints
    {
        public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost(MutatePath, () => Results.Text("mutated"));
    }
}

/// <summary>Records every log message at every level, with its exception and structured values.</summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyCollection<string> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, _entries);

    public void Dispose() { }

    private sealed class Recorder(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            entries.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder($"{category} {logLevel}: {formatter(state, exception)} {exception}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
                foreach (var (key, value) in values) text.Append($" {key}={value}");
            entries.Enqueue(text.ToString());
        }
    }
}
