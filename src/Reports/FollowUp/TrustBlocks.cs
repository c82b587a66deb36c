using Oversight.Reports.Model;

namespace Oversight.Reports.FollowUp;

/// <summary>
/// What every report file says about its own trustworthiness: the audit-trail checkpoint it was made at (with how to
/// verify it) and, for synthetic data, a notice that cannot be missed. Shared by the composers so the wording and the
/// layout are the same in every file.
/// </summary>
internal static class TrustBlocks
{
    /// <summary>"จุดตรวจสอบประวัติ: บันทึกเมื่อ 24 พ.ย. 2569 14:05 น.", or that no checkpoint was available.</summary>
    public static DefinitionItem CheckpointItem(AuditCheckpoint? checkpoint, FollowUpText t) => new(t.Checkpoint, checkpoint is null
        ? t.NoCheckpoint
        : FollowUpText.Format(t.CheckpointMade, ThaiDates.DateTime(checkpoint.At, t.Language)));

    /// <summary>
    /// The checkpoint as "{sequence}:{hash}" on one line that never wraps (set smaller if the width needs it), then
    /// the sentence on how to verify it. Nothing when there is no checkpoint (the item already says so).
    /// </summary>
    public static IReadOnlyList<Block> CheckpointDetail(AuditCheckpoint? checkpoint, FollowUpText t, float spaceAfter = 8)
    {
        if (checkpoint is null)
        {
            return [];
        }
        return
        [
            new Paragraph([new Span(checkpoint.Reference, TextStyle.Strong)])
            {
                Style = new TextStyle { Size = 13 },
                ShrinkToFit = true,
                SpaceAfter = 2,
            },
            new Paragraph([new Span(t.CheckpointExplained, new TextStyle { Color = FollowUpComposer.Muted })])
            {
                Style = new TextStyle { Size = FollowUpComposer.SmallSize },
                SpaceAfter = spaceAfter,
            },
        ];
    }

    /// <summary>
    /// The compact form for a one- or two-page summary: "checkpoint {sequence}:{hash} · made …" on one centred line,
    /// set smaller rather than wrapped.
    /// </summary>
    public static Paragraph CheckpointLine(AuditCheckpoint? checkpoint, FollowUpText t) =>
        new([new Span(checkpoint is null
            ? $"{t.Checkpoint}: {t.NoCheckpoint}"
            : $"{t.Checkpoint} {checkpoint.Reference} · {FollowUpText.Format(t.CheckpointMade, ThaiDates.DateTime(checkpoint.At, t.Language))}",
            new TextStyle { Color = FollowUpComposer.Muted })])
        {
            Align = TextAlign.Center,
            Style = new TextStyle { Size = FollowUpComposer.SmallSize },
            ShrinkToFit = true,
            SpaceAfter = 6,
        };

    /// <summary>The checkpoint item on its own followed by its detail, kept on one page.</summary>
    public static KeepTogether Checkpoint(AuditCheckpoint? checkpoint, FollowUpText t, float termWidth = 0.34f)
    {
        var detail = CheckpointDetail(checkpoint, t);
        return new KeepTogether([
            new DefinitionList([CheckpointItem(checkpoint, t)]) { TermWidthFraction = termWidth, SpaceAfter = detail.Count > 0 ? 2 : 8 },
            .. detail,
        ]);
    }

    /// <summary>A boxed notice, in the alert colour, that the file is made from synthetic data.</summary>
    public static Table SyntheticBanner(FollowUpText t) =>
        new([ColumnWidth.Relative(1)],
        [
            new TableRow(new TableCell([new Paragraph([new Span(t.SyntheticNotice, new TextStyle { Bold = true, Color = FollowUpComposer.Alert })])
            {
                Align = TextAlign.Center,
                SpaceAfter = 0,
            }])),
        ])
        {
            BorderWidth = 1.5f,
            BorderColor = FollowUpComposer.Alert,
            HeaderBackground = null,
            HeaderStyle = null,
            CellPadding = 6,
            SpaceAfter = 10,
        };
}
