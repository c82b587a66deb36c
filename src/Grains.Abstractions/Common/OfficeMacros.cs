namespace Oversight.Grains.Abstractions.Common;

/// <summary>
/// Where zipped Office documents keep macros. One rule for everything that reads them (evidence uploads, imported
/// workbooks): a VBA project (<c>vbaProject.bin</c>, <c>vbaData.xml</c>), Excel 4.0 macro sheets
/// (<c>xl/macrosheets/</c>, <c>xl/intlMacrosheets/</c>) in Office Open XML; Basic and script libraries
/// (<c>Basic/</c>, <c>Scripts/</c>) in OpenDocument; and a package whose content types declare macros.
/// </summary>
public static class OfficeMacros
{
    private static readonly string[] MacroFolders = ["xl/macrosheets/", "xl/intlmacrosheets/", "basic/", "scripts/"];

    /// <summary>Whether a package part (a zip entry's full name) holds macros.</summary>
    public static bool IsMacroPart(string entryName)
    {
        var name = entryName.Replace('\\', '/').TrimStart('/');
        return name.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith("vbaData.xml", StringComparison.OrdinalIgnoreCase)
            || MacroFolders.Any(folder => name.StartsWith(folder, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Whether an Office Open XML package's <c>[Content_Types].xml</c> declares macros (a macro-enabled main part,
    /// a macro sheet or a VBA project), whatever the parts are called.
    /// </summary>
    public static bool DeclaresMacros(string contentTypesXml) =>
        contentTypesXml.Contains("macro", StringComparison.OrdinalIgnoreCase)
        || contentTypesXml.Contains("vbaProject", StringComparison.OrdinalIgnoreCase);
}
