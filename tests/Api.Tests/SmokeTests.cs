using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Oversight.Grains.Abstractions.Common;

namespace Oversight.Api.Tests;

public sealed class SmokeTests(OversightFactory factory) : IClassFixture<OversightFactory>
{
    [Fact]
    public async Task Ready_after_the_seed_and_data_kept_in_the_configured_directory()
    {
        var client = await factory.ClientForAsync(null);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(File.Exists(factory.DatabasePath));
        Assert.True(File.Exists(Path.Combine(factory.DataDirectory, "jwt-signing.key")));
    }
}
