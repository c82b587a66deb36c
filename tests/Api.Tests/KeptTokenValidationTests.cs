using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Oversight.Web.Auth;
using Xunit;

namespace Oversight.Api.Tests;

/// <summary>
/// A bearer token that passed validation is answered from what was kept on its next requests, and nothing else is:
/// not a token changed by one character, not a token past its expiry, and no request sees another's identity.
/// (That the account behind a kept token is still checked on every request is <see cref="AccessTests"/>.)
/// </summary>
public class KeptTokenValidationTests
{
    private static readonly SymmetricSecurityKey Key = new(RandomNumberGenerator.GetBytes(32)) { KeyId = "test" };

    private static TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = "oversight",
        ValidAudience = "oversight-api",
        IssuerSigningKeys = [Key],
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.Zero,
    };

    private static string Token(DateTime expires, string user = "ict", SymmetricSecurityKey? key = null) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "oversight",
        Audience = "oversight-api",
        Subject = new ClaimsIdentity([new Claim("username", user), new Claim("role", "unit-officer")]),
        NotBefore = DateTime.UtcNow.AddMinutes(-1),
        IssuedAt = DateTime.UtcNow.AddMinutes(-1),
        Expires = expires,
        SigningCredentials = new SigningCredentials(key ?? Key, SecurityAlgorithms.HmacSha256),
    });

    [Fact]
    public async Task A_valid_token_is_checked_once_and_each_request_gets_an_identity_of_its_own()
    {
        var handler = new KeptTokenValidation { MapInboundClaims = false };
        var token = Token(DateTime.UtcNow.AddHours(1));

        var first = await handler.ValidateTokenAsync(token, Parameters());
        var second = await handler.ValidateTokenAsync(token, Parameters());
        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, handler.Validated);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal(first.ClaimsIdentity.Claims.Select(c => (c.Type, c.Value)), second.ClaimsIdentity.Claims.Select(c => (c.Type, c.Value)));
        Assert.Equal("ict", second.ClaimsIdentity.FindFirst("username")?.Value);
        Assert.Same(first.SecurityToken, second.SecurityToken);

        // What one request adds to its identity does not reach the next one.
        second.ClaimsIdentity.AddClaim(new Claim("role", "admin"));
        var third = await handler.ValidateTokenAsync(token, Parameters());
        Assert.DoesNotContain(third.ClaimsIdentity.Claims, c => c.Value == "admin");

        // Another user's token is its own entry.
        var other = await handler.ValidateTokenAsync(Token(DateTime.UtcNow.AddHours(1), "spd"), Parameters());
        Assert.Equal("spd", other.ClaimsIdentity.FindFirst("username")?.Value);
        Assert.Equal(2, handler.Validated);
    }

    [Fact]
    public async Task A_changed_or_foreign_token_is_refused_even_when_a_valid_one_is_kept()
    {
        var handler = new KeptTokenValidation { MapInboundClaims = false };
        var token = Token(DateTime.UtcNow.AddHours(1));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);

        var signature = token.LastIndexOf('.') + 1;
        var changed = token[..signature] + (token[signature] == 'A' ? 'B' : 'A') + token[(signature + 1)..];
        var foreign = Token(DateTime.UtcNow.AddHours(1), key: new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = "test" });
        foreach (var bad in new[] { changed, foreign, changed, foreign })
        {
            Assert.False((await handler.ValidateTokenAsync(bad, Parameters())).IsValid);
        }
        Assert.Equal(5, handler.Validated); // refusals are never kept: each one is checked again
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);
    }

    [Fact]
    public async Task A_kept_token_is_refused_once_it_expires()
    {
        var handler = new KeptTokenValidation { MapInboundClaims = false };
        var expires = DateTime.UtcNow.AddSeconds(1.5);
        var token = Token(expires);
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);

        while (DateTime.UtcNow <= expires)
        {
            await Task.Delay(100);
        }
        var late = await handler.ValidateTokenAsync(token, Parameters());
        Assert.False(late.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(late.Exception);
        Assert.Equal(2, handler.Validated);
    }
}
