using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Oversight.Storage.Internal;

internal sealed record SchemaScript(int Version, string Name, string Sql)
{
    public string Checksum => ComputeChecksum(Sql);

    public SchemaScriptInfo Info => new(Version, Name, Checksum);

    /// <summary>SHA-256 (lowercase hex) of the script text with line endings normalised to \n and no BOM.</summary>
    public static string ComputeChecksum(string sql)
    {
        var normalized = sql.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
    }
}

/// <summary>Loads the embedded scripts <c>Oversight.Storage.Schema.&lt;Provider&gt;.NNNN_name.sql</c>.</summary>
internal static class SchemaScripts
{
    private const string Prefix = "Oversight.Storage.Schema.";

    public static IReadOnlyList<SchemaScript> For(DatabaseProvider provider)
    {
        var assembly = typeof(SchemaScripts).Assembly;
        var folder = Prefix + provider switch
        {
            DatabaseProvider.Sqlite => "Sqlite.",
            DatabaseProvider.PostgreSql => "PostgreSql.",
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
        };

        var scripts = new List<SchemaScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(folder, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[folder.Length..^".sql".Length];
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(name.AsSpan(0, underscore), out var version) || version <= 0)
            {
                throw new InvalidOperationException($"Schema script '{resource}' must be named NNNN_name.sql.");
            }

            scripts.Add(new SchemaScript(version, name, Read(assembly, resource)));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < scripts.Count; i++)
        {
            if (scripts[i].Version == scripts[i - 1].Version)
            {
                throw new InvalidOperationException($"Two schema scripts share version {scripts[i].Version}: {scripts[i - 1].Name}, {scripts[i].Name}.");
            }
        }

        return scripts;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded schema script '{resource}' is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
