using Oversight.Grains.Abstractions.Reports;

namespace Oversight.Grains.Reports;

public sealed class AuditReportState
{
    public AuditReportView? Report { get; set; }
}

/// <summary>An audit report's fixed content. Written once; a second registration is ignored.</summary>
public sealed class AuditReportGrain(
    [PersistentState("report", "Default")] IPersistentState<AuditReportState> state) : Grain, IAuditReportGrain
{
    public async Task<bool> RegisterAsync(AuditReportView report)
    {
        if (state.State.Report is not null)
        {
            return false;
        }
        if (report.Id != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"Report id {report.Id} does not match grain key {this.GetPrimaryKeyString()}.", nameof(report));
        }
        state.State.Report = report;
        await state.WriteStateAsync();
        return true;
    }

    public Task<AuditReportView?> GetAsync() => Task.FromResult(state.State.Report);
}

public sealed class ReportCatalogState
{
    public List<ReportListItem> Reports { get; set; } = [];
}

/// <summary>The registered reports, in registration order.</summary>
public sealed class ReportCatalogGrain(
    [PersistentState("catalog", "Default")] IPersistentState<ReportCatalogState> state) : Grain, IReportCatalogGrain
{
    public async Task AddAsync(ReportListItem item)
    {
        var index = state.State.Reports.FindIndex(r => r.Id == item.Id);
        if (index >= 0 && state.State.Reports[index] == item)
        {
            return;
        }
        if (index >= 0)
        {
            state.State.Reports[index] = item;
        }
        else
        {
            state.State.Reports.Add(item);
        }
        await state.WriteStateAsync();
    }

    public async Task AddRangeAsync(IReadOnlyList<ReportListItem> items)
    {
        var known = state.State.Reports.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (known.TryGetValue(item.Id, out var index))
            {
                state.State.Reports[index] = item;
            }
            else
            {
                known[item.Id] = state.State.Reports.Count;
                state.State.Reports.Add(item);
            }
        }
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<ReportListItem>> ListAsync() => Task.FromResult<IReadOnlyList<ReportListItem>>(state.State.Reports.ToArray());
}
