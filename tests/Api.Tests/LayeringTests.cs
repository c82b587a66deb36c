using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Oversight.Api.Tests;

/// <summary>
/// The Web host names grain interfaces and the records that travel (Grains.Abstractions), never grain classes or the
/// silo's rules (Grains, Grains.Domain): in production it is only an Orleans client. Checked on the compiled assembly.
/// </summary>
public sealed class LayeringTests
{
    [Fact]
    public void The_web_host_references_no_grain_class_or_domain_rule()
    {
        var path = typeof(Oversight.Web.WebEntryPoint).Assembly.Location;
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var referenced = metadata.TypeReferences.Select(h => metadata.GetTypeReference(h))
            .Select(t => $"{metadata.GetString(t.Namespace)}.{metadata.GetString(t.Name)}")
            .Where(name => name.StartsWith("Oversight.Grains.", StringComparison.Ordinal) && !name.StartsWith("Oversight.Grains.Abstractions.", StringComparison.Ordinal))
            .Distinct().Order().ToArray();
        Assert.True(referenced.Length == 0, "Web names silo types: " + string.Join(", ", referenced));
        Assert.Contains(metadata.TypeReferences.Select(h => metadata.GetString(metadata.GetTypeReference(h).Namespace)), ns => ns == "Oversight.Grains.Abstractions.Monitoring");
    }
}
