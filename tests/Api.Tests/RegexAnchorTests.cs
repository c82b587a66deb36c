using System.Reflection;
using System.Text.RegularExpressions;

namespace Oversight.Api.Tests;

/// <summary>
/// Every validation pattern of the product anchors its end with \z: in .NET "$" also matches before a final newline,
/// so "2026-10\n" would pass a "^…$" check and be stored with its newline.
/// </summary>
public sealed class RegexAnchorTests
{
    [Fact]
    public void No_generated_pattern_ends_with_a_dollar_anchor()
    {
        // Every Oversight assembly the host loads, followed through its references.
        var assemblies = new Dictionary<string, Assembly>();
        var pending = new Queue<Assembly>([typeof(Oversight.Web.WebEntryPoint).Assembly]);
        while (pending.TryDequeue(out var assembly))
        {
            if (!assemblies.TryAdd(assembly.GetName().Name!, assembly))
            {
                continue;
            }
            foreach (var name in assembly.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("Oversight.", StringComparison.Ordinal)))
            {
                pending.Enqueue(Assembly.Load(name));
            }
        }
        Assert.Contains("Oversight.Grains", assemblies.Keys);
        var patterns = assemblies.Values.SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<GeneratedRegexAttribute>()))
            .Where(x => x.Attribute is not null)
            .ToArray();
        Assert.True(patterns.Length > 10, $"only {patterns.Length} generated patterns found");
        var dollar = patterns.Where(p => p.Attribute!.Pattern.EndsWith('$')).Select(p => $"{p.Method.DeclaringType!.FullName}.{p.Method.Name}: {p.Attribute!.Pattern}").ToArray();
        Assert.True(dollar.Length == 0, string.Join("\n", dollar));
    }
}
