namespace Oversight.Reports.Text;

/// <summary>
/// Thai words that ICU's dictionary splits into smaller dictionary words (or mis-segments), and that a reader takes
/// as one word: a line never breaks inside them. ICU's line iterator (th_TH) gives "หน่วย|งาน", "ข้อ|เสนอ|แนะ",
/// "ธร|รมาภิ|บาล", "พระ|ราช|บัญญัติ": every one is a legal break for the iterator, so a narrow table column
/// ("หน่วยงาน" in a 62 pt column at 14 pt bold) or an unlucky line end splits the word there. The list holds the
/// project's vocabulary (report labels, the seed's units and findings, the programme's terms) and common compounds;
/// <see cref="LineBreaker"/> removes the iterator's boundaries strictly inside an occurrence that itself starts and
/// ends on a boundary (so a word that merely overlaps another is left alone).
/// </summary>
internal static class ThaiCompounds
{
    /// <summary>The glued words (each one reader's word; longest first is not required).</summary>
    public static readonly IReadOnlyList<string> Words =
    [
        // Administration and documents.
        "หน่วยงาน", "หน่วยรับตรวจ", "ส่วนราชการ", "ข้อเสนอแนะ", "ข้อตรวจพบ", "ข้อสังเกต", "ธรรมาภิบาล", "พระราชบัญญัติ", "พระราชกฤษฎีกา",
        "คณะรัฐมนตรี", "ปลัดกระทรวง", "กระทรวง", "ผู้ว่าการ", "ผู้อำนวยการ", "ผู้ตรวจสอบ", "ผู้ดำเนินการ", "ผู้จัดทำ", "ผู้อนุมัติ", "ผู้รับผิดชอบ",
        "ดำเนินการ", "ปีงบประมาณ", "งบประมาณ", "ประสิทธิภาพ", "ผลสัมฤทธิ์", "ยุทธศาสตร์", "รับผิดชอบ", "แล้วเสร็จ", "ลงทะเบียน", "ขึ้นทะเบียน",
        "ลายมือชื่อ", "ตำแหน่ง", "ภาคผนวก", "ตรวจสอบ", "ยืนยัน", "ความคืบหน้า", "เกินกำหนด", "ระยะเวลา", "ความเห็น", "ความต้องการ",
        "ความล่าช้า", "แห่งชาติ", "ระเบียบ", "ข้อบังคับ", "ประกาศ", "คำสั่ง", "บอกเลิก", "ความครอบคลุม", "ความถูกต้อง", "ความครบถ้วน", "ความสอดคล้อง", "ความพร้อมใช้", "เลขที่", "วันที่",
        // Data and systems.
        "ข้อมูล", "ฐานข้อมูล", "ชุดข้อมูล", "สารสนเทศ", "เทคโนโลยี", "อิเล็กทรอนิกส์", "ดิจิทัล", "ตัวชี้วัด", "เป้าหมาย", "ค่าฐาน",
        "ความเป็นปัจจุบัน", "ปัจจุบัน", "ปรับปรุง", "เชื่อมโยง", "แลกเปลี่ยน", "สังเคราะห์", "แหล่งที่มา",
        // Labour and places.
        "แรงงาน", "นอกระบบ", "จังหวัด", "สำนักงาน", "กรุงเทพมหานคร", "ตะวันออกเฉียงเหนือ", "สัญญา", "ค่าปรับ", "ผู้รับจ้าง", "งวดงาน",
    ];

    private static readonly string[] ByFirstChar = [.. Words];

    private static bool IsThai(char c) => c is >= '\u0E00' and <= '\u0E7F';

    /// <summary>True when <paramref name="text"/> holds a Thai letter (nothing to glue otherwise).</summary>
    public static bool HasThai(string text)
    {
        foreach (var c in text)
        {
            if (c is >= '\u0E00' and <= '\u0E7F')
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Removes from <paramref name="boundaries"/> (sorted, first 0, last text.Length) every boundary strictly inside
    /// an occurrence of a glued word whose start and end are boundaries.
    /// </summary>
    public static List<int> Glue(string text, List<int> boundaries)
    {
        if (!HasThai(text))
        {
            return boundaries;
        }
        HashSet<int>? drop = null;
        var set = boundaries.Count > 8 ? new HashSet<int>(boundaries) : null;
        bool IsBoundary(int i) => set?.Contains(i) ?? boundaries.Contains(i);
        foreach (var word in ByFirstChar)
        {
            for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
            {
                var end = at + word.Length;
                // The occurrence must be a word of its own: it starts on a boundary or after a non-Thai character,
                // and ends on one or before a non-Thai character (a segment includes trailing spaces and punctuation).
                var starts = at == 0 || IsBoundary(at) || !IsThai(text[at - 1]);
                var ends = end == text.Length || IsBoundary(end) || !IsThai(text[end]);
                if (!starts || !ends)
                {
                    continue;
                }
                foreach (var b in boundaries)
                {
                    if (b > at && b < end)
                    {
                        (drop ??= []).Add(b);
                    }
                }
            }
        }
        return drop is null ? boundaries : boundaries.Where(b => !drop.Contains(b)).ToList();
    }
}
