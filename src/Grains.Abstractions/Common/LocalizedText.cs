namespace Oversight.Grains.Abstractions.Common;

/// <summary>Text kept in Thai (authoritative) with an English rendering beside it.</summary>
[GenerateSerializer, Immutable, Alias("oversight.LocalizedText")]
public sealed record LocalizedText(
    [property: Id(0)] string Th,
    [property: Id(1)] string En)
{
    public string For(string? language) =>
        string.Equals(language, "en", StringComparison.OrdinalIgnoreCase) ? En : Th;
}
