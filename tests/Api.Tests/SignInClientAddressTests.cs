using System.Net;
using Microsoft.AspNetCore.Hosting;
using Oversight.Web.Hosting;

namespace Oversight.Api.Tests;

/// <summary>
/// Sign-in throttling on the real host: a parallel burst gets no more password checks than the free failures allow,
/// and the client address it counts by is the connection's unless the operator lists the proxy that forwards it.
/// </summary>
public sealed class SignInClientAddressTests
{
    /// <summary>Long enough that a test never outlives the first delay, so every attempt past the free ones waits.</summary>
    private static OversightFactory Host(params (string Key, string Value)[] settings) => new()
    {
        Configure = builder =>
        {
            builder.UseSetting("SignInThrottle:FirstDelay", "00:10:00");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        },
    };

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string connectionAddress, string username, string password, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { username, password }),
        };
        request.Headers.Add(OversightFactory.ClientAddressHeader, connectionAddress);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_parallel_burst_of_wrong_passwords_gets_only_the_free_attempts_checked()
    {
        await using var factory = Host();
        var client = await factory.ClientForAsync(null);
        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => SignInAsync(client, "203.0.113.50", "admin", $"guess-{i}")));

        var statuses = responses.Select(r => r.StatusCode).ToArray();
        // Five free failures per (username, address): the rest are told to wait, however many arrive at once.
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(19, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests), r => Assert.True(r.Headers.RetryAfter?.Delta > TimeSpan.Zero));
        // The account's owner elsewhere signs in at once.
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(client, "198.51.100.30", "admin", "demo-2569")).StatusCode);
    }

    [Fact]
    public async Task With_no_proxy_listed_a_forwarded_address_is_ignored()
    {
        await using var factory = Host();
        var client = await factory.ClientForAsync(null);
        // Even from loopback (which ASP.NET Core's own defaults trust): nothing is trusted unless listed.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(client, "127.0.0.1", "executive", $"guess-{i}", forwardedFor: $"198.51.100.{i + 1}")).StatusCode);
        }
        var spoofed = await SignInAsync(client, "127.0.0.1", "executive", "demo-2569", forwardedFor: "198.51.100.99");
        Assert.Equal(HttpStatusCode.TooManyRequests, spoofed.StatusCode);
    }

    [Fact]
    public async Task Behind_a_listed_proxy_each_forwarded_client_has_its_own_buckets()
    {
        await using var factory = Host(
            ($"{ForwardedHeadersSettings.SectionName}:KnownProxies:0", "127.0.0.1"),
            ($"{ForwardedHeadersSettings.SectionName}:KnownNetworks:0", "10.20.0.0/16"));
        var client = await factory.ClientForAsync(null);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(client, "127.0.0.1", "executive", $"guess-{i}", forwardedFor: "198.51.100.1")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(client, "127.0.0.1", "executive", "demo-2569", forwardedFor: "198.51.100.1")).StatusCode);
        // The bucket is the client's, not the proxy's: through another listed proxy that client still waits...
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(client, "10.20.3.4", "executive", "demo-2569", forwardedFor: "198.51.100.1")).StatusCode);
        // ...while another client behind either proxy is its own (username, address) pair.
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(client, "127.0.0.1", "executive", "demo-2569", forwardedFor: "198.51.100.2")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(client, "10.20.3.4", "executive", "demo-2569", forwardedFor: "198.51.100.3")).StatusCode);

        // A sender that is not a listed proxy cannot pick its address: its failures stay its own, whatever it forwards.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(client, "203.0.113.70", "auditor", $"guess-{i}", forwardedFor: $"198.51.100.{50 + i}")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(client, "203.0.113.70", "auditor", "demo-2569", forwardedFor: "198.51.100.60")).StatusCode);
    }

    [Fact]
    public void A_proxy_setting_that_is_not_an_address_stops_the_host()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ForwardedHeadersSettings { KnownNetworks = ["10.0.0.0/99"] }.ToOptions());
        Assert.Contains("KnownNetworks", error.Message);
        Assert.Throws<InvalidOperationException>(() => new ForwardedHeadersSettings { KnownProxies = ["proxy.local"] }.ToOptions());
        Assert.False(new ForwardedHeadersSettings().Enabled);
    }
}
