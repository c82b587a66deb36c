using System.Diagnostics;
using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Oversight.Reports.Tests;

/// <summary>Helpers around poppler-utils, qpdf and PdfPig, plus the artifacts folder.</summary>
internal static class PdfTools
{
    private static readonly Lazy<string> RepoRootLazy = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Oversight.sln")))
            {
                return dir.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    });

    public static string RepoRoot => RepoRootLazy.Value;

    /// <summary>The directory in env OVERSIGHT_ARTIFACTS, else TestResults/artifacts under the repository root (created on demand).</summary>
    public static string ArtifactsDir
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("OVERSIGHT_ARTIFACTS");
            var dir = string.IsNullOrWhiteSpace(configured) ? Path.Combine(RepoRoot, "TestResults", "artifacts") : configured;
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public static string SaveArtifact(string name, byte[] pdf)
    {
        var path = Path.Combine(ArtifactsDir, name);
        File.WriteAllBytes(path, pdf);
        return path;
    }

    public static (int ExitCode, string Stdout, string Stderr) Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"'{tool}' is not installed. Install poppler-utils and qpdf (apt-get install -y poppler-utils qpdf). {e.Message}");
        }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            p.WaitForExit();
            return (p.ExitCode, stdout.Result, stderr.Result);
        }
    }

    /// <summary>pdftotext of the whole file (pages separated by form feeds).</summary>
    public static string PdfToText(string path, bool layout = false)
    {
        var args = layout ? new[] { "-layout", "-enc", "UTF-8", path, "-" } : new[] { "-enc", "UTF-8", path, "-" };
        var (code, stdout, stderr) = Run("pdftotext", args);
        Assert.True(code == 0, $"pdftotext failed: {stderr}");
        return stdout;
    }

    /// <summary>pdftotext of one page (1-based), as <c>pdftotext -f N -l N</c>.</summary>
    public static string PdfToTextPage(string path, int page)
    {
        var n = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (code, stdout, stderr) = Run("pdftotext", "-f", n, "-l", n, "-enc", "UTF-8", path, "-");
        Assert.True(code == 0, $"pdftotext failed: {stderr}");
        return stdout;
    }

    /// <summary>The page count pdfinfo reports.</summary>
    public static int PageCount(string path)
    {
        var (code, info, stderr) = Run("pdfinfo", path);
        Assert.True(code == 0, $"pdfinfo failed: {stderr}");
        var match = System.Text.RegularExpressions.Regex.Match(info, "Pages:\\s+(\\d+)");
        Assert.True(match.Success, info);
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>pdftotext per page (index 0 = page 1).</summary>
    public static string[] PdfToTextPages(string path)
    {
        var text = PdfToText(path);
        var pages = text.Split('\f');
        // pdftotext ends with a form feed after the last page.
        return pages.Length > 1 && pages[^1].Length == 0 ? pages[..^1] : pages;
    }

    /// <summary>
    /// Text of each page read with PdfPig, honouring marked-content /ActualText (page.Text ignores it): letters inside
    /// a marked-content span with ActualText are replaced by that text, once.
    /// </summary>
    public static string[] PdfPigActualTextPages(byte[] pdf)
    {
        using var doc = PdfDocument.Open(pdf);
        var result = new List<string>();
        foreach (var page in doc.GetPages())
        {
            var owner = new Dictionary<Letter, MarkedContentElement>(ReferenceEqualityComparer.Instance);
            void Index(MarkedContentElement e, MarkedContentElement? actualTextAncestor)
            {
                var holder = actualTextAncestor ?? (e.ActualText is not null ? e : null);
                if (holder is not null)
                {
                    foreach (var l in e.Letters)
                    {
                        owner[l] = holder;
                    }
                }
                foreach (var c in e.Children)
                {
                    Index(c, holder);
                }
            }
            foreach (var mc in page.GetMarkedContents())
            {
                Index(mc, null);
            }
            var sb = new StringBuilder();
            MarkedContentElement? last = null;
            foreach (var letter in page.Letters)
            {
                if (owner.TryGetValue(letter, out var mce))
                {
                    if (!ReferenceEquals(mce, last))
                    {
                        sb.Append(mce.ActualText);
                        last = mce;
                    }
                    continue;
                }
                last = null;
                sb.Append(letter.Value);
            }
            result.Add(sb.ToString());
        }
        return [.. result];
    }

    public static int CountOccurrences(string haystack, string needle)
    {
        var count = 0;
        for (var i = haystack.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = haystack.IndexOf(needle, i + needle.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    public static string StripWhitespace(string s) => new(s.Where(c => !char.IsWhiteSpace(c)).ToArray());
}
