using Oversight.Grains.Abstractions.Recommendations;

namespace Oversight.Web.Text;

/// <summary>
/// People as the pages and report files name them: their display name, never their username. A recommendation's
/// history names every actor with the display name they had, so that is where a username found elsewhere in the
/// recommendation (the response, evidence, extensions, verifications) is looked up. The one home of this rule.
/// </summary>
public static class PeopleNames
{
    /// <summary>A lookup from username to display name for one recommendation (the latest name each person used).</summary>
    public static Func<string?, string> For(RecommendationDetail detail)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var h in detail.History)
        {
            if (!string.IsNullOrWhiteSpace(h.Actor.DisplayName))
            {
                names[h.Actor.Username] = h.Actor.DisplayName;
            }
        }
        return username => string.IsNullOrEmpty(username) ? "–" : names.TryGetValue(username, out var name) ? name : username;
    }
}
