using System.Collections.Concurrent;
using Orleans;
using Orleans.Runtime;

namespace Oversight.Storage.Tests;

public enum Mood
{
    Calm,
    VeryBusy,
}

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Count { get; set; }

    [Id(1)]
    public Mood Mood { get; set; }

    [Id(2)]
    public List<string> Notes { get; set; } = [];
}

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment(string note);

    Task<int> Get();

    Task Deactivate();
}

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public async Task<int> Increment(string note)
    {
        state.State.Count++;
        state.State.Mood = Mood.VeryBusy;
        state.State.Notes.Add(note);
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public Task<int> Get() => Task.FromResult(state.State.Count);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

public interface IReminderTestGrain : IGrainWithStringKey
{
    Task Start(TimeSpan period);

    Task Stop();
}

public sealed class ReminderTestGrain : Grain, IReminderTestGrain, IRemindable
{
    public static ConcurrentDictionary<string, int> Fired { get; } = new();

    public async Task Start(TimeSpan period) =>
        await this.RegisterOrUpdateReminder("tick", TimeSpan.FromMilliseconds(200), period);

    public async Task Stop()
    {
        var reminder = await this.GetReminder("tick");
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Fired.AddOrUpdate(this.GetPrimaryKeyString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}
