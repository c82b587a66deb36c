using System.Reflection;
using System.Text.RegularExpressions;
using Oversight.Grains.Abstractions.Settings;
using Oversight.Silo.Hosting;
using Oversight.Storage;
using Oversight.TestSupport;
using Oversight.Web.Auth;
using YamlDotNet.RepresentationModel;

namespace Oversight.Api.Tests;

/// <summary>
/// No Docker engine runs here, so docker-compose.yml is checked against the code instead: every setting it passes
/// must bind to a real options property with a valid value, and the topology must be the production one.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly Dictionary<string, Type> Sections = new[]
    {
        typeof(HostingOptions), typeof(DatabaseOptions), typeof(TokenOptions), typeof(DemoOptions), typeof(FollowUpOptions), typeof(SeedOptions), typeof(BootstrapOptions), typeof(TelemetryOptions),
        typeof(Oversight.Web.Hosting.ForwardedHeadersSettings),
    }.ToDictionary(t => (string)t.GetField("SectionName")!.GetValue(null)!, t => t);

    private static readonly string Root = RepoRoot.Find();
    private static readonly YamlMappingNode Services = LoadServices();

    private static YamlMappingNode LoadServices()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, "docker-compose.yml"));
        yaml.Load(reader);
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
    }

    private static IEnumerable<string> ServiceNames => Services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!);

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services[name];

    /// <summary>A service's environment with YAML merge keys (&lt;&lt;: [*a, *b]) resolved.</summary>
    private static Dictionary<string, string> Environment(string service)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Service(service).Children.TryGetValue("environment", out var node))
        {
            return result;
        }
        void Add(YamlMappingNode map)
        {
            foreach (var (key, value) in map.Children)
            {
                var name = ((YamlScalarNode)key).Value!;
                if (name == "<<")
                {
                    foreach (var merged in value is YamlSequenceNode list ? list.Children : [value])
                    {
                        Add((YamlMappingNode)merged);
                    }
                }
                else
                {
                    result[name] = ((YamlScalarNode)value).Value!;
                }
            }
        }
        Add((YamlMappingNode)node);
        return result;
    }

    private static string[] Silos => ServiceNames.Where(s => DockerfileOf(s) == "src/Silo/Dockerfile").ToArray();

    private static string? DockerfileOf(string service) =>
        Service(service).Children.TryGetValue("build", out var build) ? ((YamlScalarNode)((YamlMappingNode)build)["dockerfile"]).Value : null;

    [Fact]
    public void The_topology_is_postgres_two_or_more_silos_and_a_web_client()
    {
        Assert.Contains("postgres", ServiceNames);
        Assert.True(Silos.Length >= 2, "at least two silos");
        Assert.Equal("src/Web/Dockerfile", DockerfileOf("web"));
        Assert.Equal(nameof(HostingMode.Client), Environment("web")["Hosting__Mode"]);
        foreach (var service in Silos.Append("web"))
        {
            var env = Environment(service);
            Assert.Equal(nameof(DatabaseProvider.PostgreSql), env["Database__Provider"]);
            Assert.Matches(HostIsPostgres(), env["Database__ConnectionString"]);
            Assert.Equal("false", env["Demo__Enabled"]);
        }
        Assert.Single(Silos.Append("web").Select(s => (Environment(s)["Hosting__ClusterId"], Environment(s)["Hosting__ServiceId"])).Distinct());
        Assert.Equal(Silos, Silos.Select(s => Environment(s)["Hosting__AdvertisedHost"]));
        Assert.Contains(Silos, s => Service("web")["depends_on"].ToString().Contains(s));
    }

    [Fact]
    public void Every_setting_binds_to_an_options_property_with_a_valid_value()
    {
        foreach (var service in Silos.Append("web"))
        {
            foreach (var (key, value) in Environment(service))
            {
                var parts = key.Split("__");
                Assert.True(parts.Length is 2 or 3 && Sections.ContainsKey(parts[0]), $"{service}: {key} is not an Oversight setting");
                var property = Sections[parts[0]].GetProperty(parts[1], BindingFlags.Public | BindingFlags.Instance);
                Assert.True(property is not null, $"{service}: {key} binds to nothing");
                if (parts.Length == 3)
                {
                    // An element of a list setting: Section__Property__0.
                    Assert.True(property!.PropertyType.IsArray && int.TryParse(parts[2], out _), $"{service}: {key} indexes a setting that is not a list");
                }
                if (value.Contains("${", StringComparison.Ordinal))
                {
                    continue; // filled from the environment at deploy time
                }
                var type = Nullable.GetUnderlyingType(property!.PropertyType) ?? property.PropertyType;
                if (type.IsEnum)
                {
                    Assert.True(Enum.TryParse(type, value, ignoreCase: false, out _), $"{service}: {key}={value} is not a {type.Name}");
                }
                else if (type == typeof(int))
                {
                    Assert.True(int.TryParse(value, out _), $"{service}: {key}={value} is not a number");
                }
                else if (type == typeof(bool))
                {
                    Assert.True(bool.TryParse(value, out _), $"{service}: {key}={value} is not true/false");
                }
            }
        }
    }

    [Fact]
    public void Secrets_come_from_the_environment_and_the_images_run_the_built_assemblies()
    {
        Assert.Matches(FromEnvironment(), Environment("web")["Token__SigningKey"]);
        Assert.Contains("${POSTGRES_PASSWORD", Environment("web")["Database__ConnectionString"]);
        Assert.All(Silos, s => Assert.Matches(FromEnvironment(), Environment(s)["Bootstrap__AdminPassword"]));
        foreach (var (dockerfile, project) in new[] { ("src/Silo/Dockerfile", "src/Silo/Silo.csproj"), ("src/Web/Dockerfile", "src/Web/Web.csproj") })
        {
            var text = File.ReadAllText(Path.Combine(Root, dockerfile));
            var assembly = AssemblyName().Match(File.ReadAllText(Path.Combine(Root, project))).Groups[1].Value;
            Assert.Contains($"\"{assembly}.dll\"", text);
            Assert.Contains($"dotnet publish {project}", text);
        }
    }

    [Fact]
    public void The_images_run_as_a_non_root_user_with_ICU_and_the_Thai_fonts()
    {
        foreach (var dockerfile in new[] { "src/Silo/Dockerfile", "src/Web/Dockerfile" })
        {
            var lines = File.ReadAllLines(Path.Combine(Root, dockerfile)).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
            // The runtime stage is everything after the last FROM.
            var runtime = lines[(Array.FindLastIndex(lines, l => l.StartsWith("FROM ", StringComparison.Ordinal)) + 1)..];
            var user = runtime.LastOrDefault(l => l.StartsWith("USER ", StringComparison.Ordinal));
            Assert.True(user is not null, $"{dockerfile}: the runtime stage sets no USER (it would run as root)");
            Assert.DoesNotContain(user![5..].Trim(), new[] { "root", "0", "0:0", "root:root" });
            var userLine = Array.IndexOf(runtime, user);
            Assert.True(userLine > Array.FindLastIndex(runtime, l => l.StartsWith("RUN ", StringComparison.Ordinal)), $"{dockerfile}: USER must come after the last RUN");
            var packages = string.Join(' ', runtime.Where(l => l.StartsWith("RUN ", StringComparison.Ordinal)));
            Assert.Matches(@"\blibicu\d+\b", packages);
            Assert.Contains("fonts-tlwg-laksaman-ttf", packages);
            Assert.Matches(@"^FROM mcr\.microsoft\.com/dotnet/aspnet:10\.0-noble$", lines.Last(l => l.StartsWith("FROM ", StringComparison.Ordinal)));
        }
    }

    /// <summary>Every health check (the compose file's and the image's) asks the port the host listens on for a path the code maps.</summary>
    [Fact]
    public async Task Health_checks_ask_the_port_and_path_the_code_serves()
    {
        await using var factory = new OversightFactory();
        var client = factory.CreateClient();
        foreach (var service in ServiceNames.Where(s => DockerfileOf(s) is not null))
        {
            var dockerfile = File.ReadAllText(Path.Combine(Root, DockerfileOf(service)!));
            var listen = ListenPort().Match(dockerfile);
            Assert.True(listen.Success, $"{service}: its image sets no ASPNETCORE_URLS port");
            var port = listen.Groups[1].Value;
            Assert.True(Service(service).Children.TryGetValue("healthcheck", out var check), $"{service}: no healthcheck (web depends on the silos being healthy)");
            var test = string.Join(' ', ((YamlSequenceNode)((YamlMappingNode)check)["test"]).Children.Select(c => ((YamlScalarNode)c).Value));
            var imageCheck = dockerfile.Split('\n').Single(l => l.StartsWith("HEALTHCHECK", StringComparison.Ordinal));
            foreach (var (where, command) in new[] { ("compose", test), ("image", imageCheck) })
            {
                var url = HealthUrl().Match(command);
                Assert.True(url.Success, $"{service} ({where}): '{command}' asks no http://localhost URL");
                Assert.Equal(port, url.Groups[1].Value);
                var answer = await client.GetAsync(url.Groups[2].Value);
                Assert.True(answer.IsSuccessStatusCode, $"{service} ({where}): {url.Groups[2].Value} answers {(int)answer.StatusCode}");
            }
        }
        Assert.Contains("service_healthy", Service("web")["depends_on"].ToString());
    }

    /// <summary>
    /// Every host serves /metrics on its own port, apart from the port it serves on, and that port is not published on
    /// the host (a scraper on the compose network reads it); the web's dashboard port is its own and is published.
    /// </summary>
    [Fact]
    public void Metrics_and_dashboard_ports_are_their_own_and_only_the_dashboard_is_published()
    {
        foreach (var service in Silos.Append("web"))
        {
            var env = Environment(service);
            var listen = ListenPort().Match(File.ReadAllText(Path.Combine(Root, DockerfileOf(service)!))).Groups[1].Value;
            Assert.True(env.TryGetValue("Telemetry__MetricsPort", out var metrics), $"{service}: no Telemetry__MetricsPort");
            Assert.NotEqual(listen, metrics);
            Assert.DoesNotContain(Published(service), p => p == metrics);
            Assert.Matches(@"^\$\{[A-Z_]+:-\}$", env["Telemetry__OtlpEndpoint"]); // optional, from the environment
        }
        var dashboard = Environment("web")["Telemetry__DashboardPort"];
        Assert.NotEqual(Environment("web")["Telemetry__MetricsPort"], dashboard);
        Assert.Contains(dashboard, Published("web"));
        Assert.All(Silos, s => Assert.False(Environment(s).ContainsKey("Telemetry__DashboardPort"), $"{s}: the dashboard is served by web"));
    }

    /// <summary>The container ports a service publishes on the host ("host:container").</summary>
    private static string[] Published(string service) =>
        Service(service).Children.TryGetValue("ports", out var ports)
            ? ((YamlSequenceNode)ports).Children.Select(p => ((YamlScalarNode)p).Value!.Split(':')[^1]).ToArray()
            : [];

    [GeneratedRegex(@"ASPNETCORE_URLS=http://0\.0\.0\.0:(\d+)")]
    private static partial Regex ListenPort();

    [GeneratedRegex(@"http://localhost:(\d+)(/[A-Za-z/]+)")]
    private static partial Regex HealthUrl();

    [GeneratedRegex(@"(^|;)Host=postgres(;|$)")]
    private static partial Regex HostIsPostgres();

    [GeneratedRegex(@"^\$\{[A-Z_]+:\?[^}]+\}$")]
    private static partial Regex FromEnvironment();

    [GeneratedRegex("<AssemblyName>([^<]+)</AssemblyName>")]
    private static partial Regex AssemblyName();
}
