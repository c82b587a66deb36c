using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Oversight.Silo.Hosting;

namespace Oversight.Web.Auth;

/// <summary>
/// The JWT signing key: from configuration when given; in Embedded mode, generated once and kept in the data directory
/// (owner-only file permissions) so tokens survive restarts.
/// </summary>
public static class SigningKeys
{
    public const string FileName = "jwt-signing.key";

    public static SymmetricSecurityKey Resolve(TokenOptions options, HostingOptions hosting)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return FromConfiguration(options.SigningKey, "Token:SigningKey");
        }
        if (hosting.Mode != HostingMode.Embedded)
        {
            throw new InvalidOperationException("Token:SigningKey is required outside Embedded mode. Supply it as a secret (e.g. the Token__SigningKey environment variable).");
        }
        Directory.CreateDirectory(hosting.DataDirectory);
        var path = Path.Combine(hosting.DataDirectory, FileName);
        byte[] key;
        if (File.Exists(path))
        {
            key = Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        else
        {
            key = RandomNumberGenerator.GetBytes(32);
            var temp = path + ".tmp";
            File.WriteAllText(temp, Convert.ToBase64String(key));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            try
            {
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
                File.Delete(temp);
                key = Convert.FromBase64String(File.ReadAllText(path).Trim());
            }
        }
        return new SymmetricSecurityKey(key) { KeyId = KeyId(key) };
    }

    /// <summary>The keys a token may be signed with: the current one, then <see cref="TokenOptions.PreviousSigningKeys"/>.</summary>
    public static IReadOnlyList<SymmetricSecurityKey> ValidationKeys(TokenOptions options, SymmetricSecurityKey current) =>
        [current, .. options.PreviousSigningKeys.Where(k => !string.IsNullOrWhiteSpace(k))
            .Select((k, i) => FromConfiguration(k, $"Token:PreviousSigningKeys:{i}"))
            .Where(k => k.KeyId != current.KeyId)];

    private static SymmetricSecurityKey FromConfiguration(string base64, string setting)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{setting} is not base64.");
        }
        if (key.Length < 32)
        {
            throw new InvalidOperationException($"{setting} must be at least 32 bytes (base64).");
        }
        return new SymmetricSecurityKey(key) { KeyId = KeyId(key) };
    }

    private static string KeyId(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..16];
}
