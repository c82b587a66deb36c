using SkiaSharp;

namespace Oversight.Reports.Text;

/// <summary>
/// Where to load one font family from: TrueType files (or bytes) for the regular face and, optionally, bold, italic
/// and bold-italic. Missing faces are synthesised from the regular one (emboldened / slanted).
/// </summary>
public sealed class FontFamilySource
{
    private FontFamilySource(string name, Func<SKTypeface?>[] loaders, string description)
    {
        Name = name;
        Loaders = loaders;
        Description = description;
    }

    /// <summary>Family name used in <see cref="Model.TextStyle.FontFamily"/>.</summary>
    public string Name { get; }

    internal Func<SKTypeface?>[] Loaders { get; }

    internal string Description { get; }

    /// <summary>A family from TTF/OTF file paths.</summary>
    public static FontFamilySource FromFiles(string name, string regular, string? bold = null, string? italic = null, string? boldItalic = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(regular);
        static Func<SKTypeface?> L(string? path) => () => path is null || !File.Exists(path) ? null : SKTypeface.FromFile(path);
        return new FontFamilySource(name, [L(regular), L(bold), L(italic), L(boldItalic)], regular);
    }

    /// <summary>A family from font file contents (e.g. embedded resources or streams read by the caller).</summary>
    public static FontFamilySource FromData(string name, byte[] regular, byte[]? bold = null, byte[]? italic = null, byte[]? boldItalic = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(regular);
        static Func<SKTypeface?> L(byte[]? data) => () =>
        {
            if (data is null)
            {
                return null;
            }
            using var skData = SKData.CreateCopy(data);
            return SKTypeface.FromData(skData);
        };
        return new FontFamilySource(name, [L(regular), L(bold), L(italic), L(boldItalic)], $"{name} (bytes)");
    }
}

/// <summary>Thrown when no usable Thai font can be found or loaded.</summary>
public sealed class FontNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FontNotFoundException(string message) : base(message) { }
}

/// <summary>
/// The fonts available to the renderer. The order of families is the fallback chain: a character that the requested
/// family cannot draw is taken from the first later family that has it. The first family is the default.
/// Instances are immutable and safe to share between threads; keep one per process (see <see cref="Default"/>).
/// </summary>
public sealed class FontLibrary
{
    /// <summary>Name of the Sarabun family as registered by <see cref="Discover"/>.</summary>
    public const string Sarabun = "Sarabun";
    /// <summary>Name of the TLWG Laksaman family as registered by <see cref="Discover"/>.</summary>
    public const string Laksaman = "Laksaman";

    internal const string SarabunNpmPath = "node_modules/@expo-google-fonts/sarabun";
    internal const string LaksamanSystemDir = "/usr/share/fonts/truetype/tlwg";

    private static readonly Lazy<FontLibrary> LazyDefault = new(() => Discover(), LazyThreadSafetyMode.ExecutionAndPublication);
    private static int nextFaceId;

    private readonly FontFamily[] families;
    private readonly Dictionary<string, FontFamily> byName;

    /// <summary>Loads the given families, in fallback order.</summary>
    /// <exception cref="FontNotFoundException">No family could be loaded.</exception>
    public FontLibrary(IEnumerable<FontFamilySource> familiesInFallbackOrder)
    {
        ArgumentNullException.ThrowIfNull(familiesInFallbackOrder);
        var list = new List<FontFamily>();
        var problems = new List<string>();
        foreach (var source in familiesInFallbackOrder)
        {
            var faces = source.Loaders.Select(l => l()).ToArray();
            if (faces[0] is null)
            {
                problems.Add($"{source.Name}: could not load {source.Description}");
                continue;
            }
            list.Add(new FontFamily(source.Name, faces[0]!, faces[1], faces[2], faces[3]));
        }
        if (list.Count == 0)
        {
            throw new FontNotFoundException("No font family could be loaded. " + string.Join("; ", problems));
        }
        families = [.. list];
        byName = new Dictionary<string, FontFamily>(StringComparer.OrdinalIgnoreCase);
        foreach (var f in families)
        {
            byName.TryAdd(f.Name, f);
        }
    }

    /// <summary>
    /// The process-wide library found by <see cref="Discover"/> on first use.
    /// </summary>
    /// <exception cref="FontNotFoundException">No Thai font was found (message lists where it looked).</exception>
    public static FontLibrary Default => LazyDefault.Value;

    /// <summary>Family names in fallback order; the first is the default family.</summary>
    public IReadOnlyList<string> FamilyNames => families.Select(f => f.Name).ToArray();

    /// <summary>The default family (the first one).</summary>
    public string DefaultFamily => families[0].Name;

    /// <summary>
    /// Finds the Thai fonts: Sarabun (Regular, Bold, Italic, BoldItalic) in <c>fonts/</c> under
    /// <paramref name="baseDirectory"/> (default <see cref="AppContext.BaseDirectory"/>), else in
    /// <c>node_modules/@expo-google-fonts/sarabun</c> of the nearest ancestor directory; then TLWG Laksaman
    /// (apt fonts-tlwg-laksaman-ttf) from <c>fonts/</c> or <c>/usr/share/fonts/truetype/tlwg</c> as the fallback
    /// (or primary, without Sarabun) family.
    /// </summary>
    /// <exception cref="FontNotFoundException">Neither Sarabun nor Laksaman was found.</exception>
    public static FontLibrary Discover(string? baseDirectory = null)
    {
        baseDirectory ??= AppContext.BaseDirectory;
        var searched = new List<string>();
        var sources = new List<FontFamilySource>();

        var sarabun = FindSarabun(baseDirectory, searched);
        if (sarabun is not null)
        {
            sources.Add(sarabun);
        }

        var laksaman = FindLaksaman(Path.Combine(baseDirectory, "fonts"), searched) ?? FindLaksaman(LaksamanSystemDir, searched);
        if (laksaman is not null)
        {
            sources.Add(laksaman);
        }

        if (sources.Count == 0)
        {
            throw new FontNotFoundException(
                "No Thai font found for PDF reports. Looked for Sarabun TTFs (npm @expo-google-fonts/sarabun, copied to fonts/ at build) and " +
                "TLWG Laksaman (apt fonts-tlwg-laksaman-ttf) in: " + string.Join(", ", searched) +
                ". Run the build with npm available (it restores node_modules) or `apt-get install fonts-tlwg-laksaman-ttf`.");
        }
        return new FontLibrary(sources);
    }

    private static FontFamilySource? FindSarabun(string baseDirectory, List<string> searched)
    {
        var fontsDir = Path.Combine(baseDirectory, "fonts");
        searched.Add(fontsDir);
        var regular = Path.Combine(fontsDir, "Sarabun_400Regular.ttf");
        if (File.Exists(regular))
        {
            return FontFamilySource.FromFiles(Sarabun, regular,
                Path.Combine(fontsDir, "Sarabun_700Bold.ttf"),
                Path.Combine(fontsDir, "Sarabun_400Regular_Italic.ttf"),
                Path.Combine(fontsDir, "Sarabun_700Bold_Italic.ttf"));
        }
        for (var dir = new DirectoryInfo(baseDirectory); dir is not null; dir = dir.Parent)
        {
            var npm = Path.Combine(dir.FullName, SarabunNpmPath);
            if (File.Exists(Path.Combine(npm, "400Regular", "Sarabun_400Regular.ttf")))
            {
                return FontFamilySource.FromFiles(Sarabun,
                    Path.Combine(npm, "400Regular", "Sarabun_400Regular.ttf"),
                    Path.Combine(npm, "700Bold", "Sarabun_700Bold.ttf"),
                    Path.Combine(npm, "400Regular_Italic", "Sarabun_400Regular_Italic.ttf"),
                    Path.Combine(npm, "700Bold_Italic", "Sarabun_700Bold_Italic.ttf"));
            }
        }
        searched.Add($"{SarabunNpmPath} in ancestors of {baseDirectory}");
        return null;
    }

    private static FontFamilySource? FindLaksaman(string dir, List<string> searched)
    {
        searched.Add(dir);
        var regular = Path.Combine(dir, "Laksaman.ttf");
        return File.Exists(regular)
            ? FontFamilySource.FromFiles(Laksaman, regular,
                Path.Combine(dir, "Laksaman-Bold.ttf"),
                Path.Combine(dir, "Laksaman-Italic.ttf"),
                Path.Combine(dir, "Laksaman-BoldItalic.ttf"))
            : null;
    }

    /// <summary>The fallback chain for a family and face: the requested family first, then the others in order.</summary>
    internal FontFace[] GetChain(string? family, bool bold, bool italic)
    {
        var primary = family is not null && byName.TryGetValue(family, out var f) ? f : families[0];
        return primary.GetChain(bold, italic, this);
    }

    internal FontFamily[] Families => families;

    internal static int NewFaceId() => Interlocked.Increment(ref nextFaceId);
}

/// <summary>One loaded family: up to four faces plus cached fallback chains.</summary>
internal sealed class FontFamily
{
    private readonly FontFace[] faces = new FontFace[4];
    private readonly FontFace[]?[] chains = new FontFace[]?[4];

    public FontFamily(string name, SKTypeface regular, SKTypeface? bold, SKTypeface? italic, SKTypeface? boldItalic)
    {
        Name = name;
        var regularFace = new FontFace(name, regular, fakeBold: false, fakeItalic: false);
        faces[0] = regularFace;
        faces[1] = bold is not null ? new FontFace(name, bold, false, false) : new FontFace(name, regular, true, false, regularFace.ShapingFont);
        faces[2] = italic is not null ? new FontFace(name, italic, false, false) : new FontFace(name, regular, false, true, regularFace.ShapingFont);
        faces[3] = boldItalic is not null ? new FontFace(name, boldItalic, false, false)
            : bold is not null ? new FontFace(name, bold, false, true, faces[1].ShapingFont)
            : new FontFace(name, regular, true, true, regularFace.ShapingFont);
    }

    public string Name { get; }

    public FontFace Get(bool bold, bool italic) => faces[(bold ? 1 : 0) + (italic ? 2 : 0)];

    public FontFace[] GetChain(bool bold, bool italic, FontLibrary library)
    {
        var i = (bold ? 1 : 0) + (italic ? 2 : 0);
        var chain = Volatile.Read(ref chains[i]);
        if (chain is null)
        {
            var list = new List<FontFace> { faces[i] };
            list.AddRange(library.Families.Where(f => f != this).Select(f => f.Get(bold, italic)));
            chain = [.. list];
            Volatile.Write(ref chains[i], chain);
        }
        return chain;
    }
}
