using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Oversight.Web.Auth;

/// <summary>
/// The bearer scheme's token handler: a token that passed validation is not validated again on its next requests (for
/// at most <see cref="MaxAge"/>, and never past its own expiry and the clock skew).
/// </summary>
/// <remarks>
/// A board viewer or a unit officer's client sends the same token with every request, and checking it (decoding, JSON
/// parsing, HMAC) was 5 % of the CPU of a write at 200 writes a second (docs/benchmarks.md). The answer for a token
/// cannot change while it is kept: the handler belongs to one scheme, whose issuer, audience, algorithms and signing
/// keys are fixed when the host starts (rotating a key restarts the hosts, docs/operations.md), and its lifetime is
/// checked against the same clock as the validation. What can change, the account behind the token, is not decided
/// here: <see cref="AccessValidator"/> still runs for every request (<c>OnTokenValidated</c>). Only valid results are
/// kept; every request gets its own copy of the identity, so nothing one request adds to it reaches another.
/// </remarks>
public sealed class KeptTokenValidation : JsonWebTokenHandler
{
    /// <summary>The longest a validated token is kept without checking it again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <summary>Tokens kept at most; past it, the expired ones go, and if that is not enough, all of them.</summary>
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, Kept> _kept = new(StringComparer.Ordinal);
    private long _validated;

    /// <summary>Validations that ran in full (not answered from what is kept).</summary>
    public long Validated => Interlocked.Read(ref _validated);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(validationParameters);
        var now = DateTimeOffset.UtcNow; // the clock the lifetime validation reads
        if (token is not null && _kept.TryGetValue(token, out var kept))
        {
            if (now < kept.Until)
            {
                return new TokenValidationResult
                {
                    IsValid = true,
                    SecurityToken = kept.Result.SecurityToken,
                    ClaimsIdentity = kept.Result.ClaimsIdentity.Clone(),
                    Issuer = kept.Result.Issuer,
                    TokenType = kept.Result.TokenType,
                };
            }
            _kept.TryRemove(token, out _);
        }

        Interlocked.Increment(ref _validated);
        var result = await base.ValidateTokenAsync(token, validationParameters).ConfigureAwait(false);
        if (token is not null && result.IsValid && result.SecurityToken is { } validated && result.ClaimsIdentity is not null)
        {
            var until = new DateTimeOffset(DateTime.SpecifyKind(validated.ValidTo, DateTimeKind.Utc)) + validationParameters.ClockSkew;
            if (until > now + MaxAge)
            {
                until = now + MaxAge;
            }
            if (_kept.Count >= Capacity)
            {
                foreach (var entry in _kept)
                {
                    if (entry.Value.Until <= now)
                    {
                        _kept.TryRemove(entry.Key, out _);
                    }
                }
                if (_kept.Count >= Capacity)
                {
                    _kept.Clear();
                }
            }
            _kept[token] = new Kept(result, until);
        }

        return result;
    }

    private sealed record Kept(TokenValidationResult Result, DateTimeOffset Until);
}
