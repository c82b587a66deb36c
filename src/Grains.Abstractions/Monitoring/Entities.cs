namespace Oversight.Grains.Abstractions.Monitoring;

/// <summary>Who an e-service is for.</summary>
public enum EServiceAudience
{
    /// <summary>Employers and entrepreneurs.</summary>
    Employer,
    /// <summary>Citizens and employees.</summary>
    Citizen,
}

/// <summary>How a partner agency's data reaches LBDA (the report's three modes).</summary>
public enum LinkageMode
{
    /// <summary>1: direct API into LBDA.</summary>
    DirectApi,
    /// <summary>2: a request to the data owner on each dataset's update cycle.</summary>
    RequestPerCycle,
    /// <summary>3: through an agency that does not own the data.</summary>
    ViaAnotherAgency,
}

public enum LinkageStatus
{
    Linked,
    ApiInProgress,
    NotLinked,
}

/// <summary>The six quality dimensions of the government data-governance framework, scored 0–100.</summary>
public static class QualityDimensions
{
    public static readonly IReadOnlyList<string> All = ["accuracy", "completeness", "consistency", "timeliness", "relevancy", "availability"];
}
