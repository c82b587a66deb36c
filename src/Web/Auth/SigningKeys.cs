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
            var configured = Convert.FromBase64String(options.SigningKey);
            if (configured.Length < 32)
            {
                throw new InvalidOperationException("Token:SigningKey must be at least 32 bytes (base64).");
            }
            return new SymmetricSecurityKey(configured) { KeyId = KeyId(configured) };
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

    private static string KeyId(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..16];
}
