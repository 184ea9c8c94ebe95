using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Portal.Security;

/// <summary>
/// Local users' passwords, with ASP.NET Core Identity's PasswordHasher (in the shared framework): PBKDF2 with
/// HMAC-SHA512, 100,000 iterations, a 16-byte random salt and a 32-byte subkey, stored as base64 of
/// 0x01 | prf (uint32 BE) | iterations (uint32 BE) | salt length (uint32 BE) | salt | subkey.
/// </summary>
public sealed class LocalPasswords(IOptions<AuthOptions> options)
{
    private static readonly PasswordHasher<LocalUserOptions> Hasher = new();

    // Verified when the user name is unknown, so a wrong name costs as long as a wrong password.
    private static readonly string DummyHash = Hasher.HashPassword(new LocalUserOptions(), Guid.NewGuid().ToString());

    public bool Any => options.Value.LocalUsers.Count > 0;

    public static string Hash(string password) => Hasher.HashPassword(new LocalUserOptions(), password);

    public static bool IsWellFormed(string? hash)
    {
        if (string.IsNullOrWhiteSpace(hash)) return false;
        var bytes = new byte[hash.Length];
        return Convert.TryFromBase64String(hash, bytes, out var length) && length >= 13 + 16 + 32 && bytes[0] == 0x01;
    }

    /// <summary>The user, when the name and password match.</summary>
    public LocalUserOptions? Verify(string? username, string? password)
    {
        var user = options.Value.LocalUsers.FirstOrDefault(u => string.Equals(u.Username, username, StringComparison.OrdinalIgnoreCase));
        var result = Hasher.VerifyHashedPassword(user ?? new LocalUserOptions(), user?.PasswordHash ?? DummyHash, password ?? "");
        return user is not null && result != PasswordVerificationResult.Failed ? user : null;
    }
}

/// <summary><c>dotnet run --project src/Portal -- hash-password</c>: reads a password (twice, unechoed, or once from a pipe) and prints its hash.</summary>
public static class HashPasswordCommand
{
    public const string Name = "hash-password";

    public static int Run()
    {
        string? password;
        if (Console.IsInputRedirected)
        {
            password = Console.In.ReadLine();
        }
        else
        {
            password = ReadHidden("Password: ");
            if (ReadHidden("Again: ") != password)
            {
                Console.Error.WriteLine("The two passwords differ.");
                return 1;
            }
        }
        if (string.IsNullOrEmpty(password))
        {
            Console.Error.WriteLine("No password given.");
            return 1;
        }
        Console.WriteLine(LocalPasswords.Hash(password));
        return 0;
    }

    private static string ReadHidden(string prompt)
    {
        Console.Error.Write(prompt);
        var chars = new List<char>();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace) { if (chars.Count > 0) chars.RemoveAt(chars.Count - 1); }
            else if (!char.IsControl(key.KeyChar)) chars.Add(key.KeyChar);
        }
        Console.Error.WriteLine();
        return new string([.. chars]);
    }
}
