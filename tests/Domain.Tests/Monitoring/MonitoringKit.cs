using Oversight.Grains.Abstractions.Common;
using Oversight.Grains.Domain.Monitoring;

namespace Oversight.Domain.Tests.Monitoring;

/// <summary>Actors and helpers shared by the monitoring aggregate tests (the pattern of RecommendationAggregateTests).</summary>
internal static class MonitoringKit
{
    internal static readonly Actor Admin = new("admin", "Admin", UserRole.Admin, null);
    internal static readonly Actor Auditor = new("auditor", "Auditor", UserRole.Auditor, null);
    internal static readonly Actor Executive = new("executive", "Executive", UserRole.Executive, null);
    internal static readonly Actor Ict = new("ict", "ICT officer", UserRole.UnitOfficer, "ICT");
    internal static readonly Actor Ilpo = new("ilpo", "ILPO officer", UserRole.UnitOfficer, "ILPO");
    internal static readonly Actor Plo50 = new("plo50", "Chiang Mai officer", UserRole.UnitOfficer, "PLO-50");

    /// <summary>When the first event is appended; each later event is a minute after the previous one.</summary>
    internal static readonly DateTimeOffset T0 = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

    /// <summary>Appends the decision's event (it must have one) as the next version.</summary>
    internal static EntityDecision Commit<TState>(EntityAggregate<TState> aggregate, EntityDecision decision) where TState : class
    {
        Assert.Null(decision.Error);
        Assert.NotNull(decision.Event);
        aggregate.Apply(aggregate.Version + 1, T0.AddMinutes(aggregate.Version), decision.Event!, aggregate.LastHash, $"hash-{aggregate.Version + 1}");
        return decision;
    }

    /// <summary>Asserts the decision was refused with the given kind (and code) and returns the error.</summary>
    internal static CommandError Refused(EntityDecision decision, ErrorKind kind, string? code = null)
    {
        Assert.Null(decision.Event);
        Assert.NotNull(decision.Error);
        Assert.Equal(kind, decision.Error!.Kind);
        if (code is not null)
        {
            Assert.Equal(code, decision.Error.Code);
        }
        return decision.Error;
    }
}
