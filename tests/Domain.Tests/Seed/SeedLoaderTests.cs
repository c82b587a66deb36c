using System.Security.Cryptography;
using Oversight.Grains.Operations;

namespace Oversight.Domain.Tests.Seed;

public sealed class SeedLoaderTests
{
    [Fact]
    public void The_embedded_seed_is_the_repository_file_and_loads_strictly()
    {
        var (document, sha256) = SeedLoader.Load();
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Oversight.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }
        var file = File.ReadAllBytes(Path.Combine(root, "src/Grains/Seed/mol-digital-2565.seed.json"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), sha256);
        Assert.Equal(15, document.Findings.Sum(f => f.Recommendations.Sum(r => 1 + (r.Children?.Count ?? 0))));
        var units = SeedLoader.Units(document);
        Assert.Equal(77, units.Count(u => u.Code.StartsWith("PLO-", StringComparison.Ordinal)));
    }

    [Fact]
    public void Unknown_members_and_other_schema_versions_are_refused()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => SeedLoader.Parse("""{"schemaVersion":1,"bogus":true}"""u8));
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => SeedLoader.Parse("""{"schemaVersion":2,"report":null,"units":[],"findings":[]}"""u8));
    }
}
