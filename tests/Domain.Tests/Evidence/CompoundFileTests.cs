using Oversight.Grains.Domain.Evidence;
using Oversight.TestSupport.Evidence;
using static Oversight.TestSupport.Evidence.EvidenceSamples;

namespace Oversight.Domain.Tests.Evidence;

/// <summary>The compound-file reader against the test writer: entries at every depth, small and large streams.</summary>
public sealed class CompoundFileTests
{
    [Fact]
    public void Reads_every_entry_and_the_bytes_of_small_and_large_streams()
    {
        var small = Filler(300);
        var large = Filler(70_000);
        var file = CompoundFile.Read(new CompoundFileWriter()
            .Stream("WordDocument", large)
            .Stream("Macros/VBA/_VBA_PROJECT", small)
            .Stream("Macros/PROJECT", Filler(64))
            .ToArray());

        var paths = file.Walk().Select(e => e.Path).OrderBy(p => p.Count(c => c == '/')).ThenBy(p => p, StringComparer.Ordinal).ToArray();
        Assert.Equal(["/Macros", "/WordDocument", "/Macros/PROJECT", "/Macros/VBA", "/Macros/VBA/_VBA_PROJECT"], paths);
        Assert.Equal(large, file.ReadStream(file.RootStream("WordDocument")!));
        var project = file.Walk().Single(e => e.Entry.Name == "_VBA_PROJECT").Entry;
        Assert.Equal(small, file.ReadStream(project));
    }

    [Fact]
    public void A_chain_that_loops_is_damage_not_a_hang()
    {
        var bytes = WordDocument().ToArray();
        // The FAT is sector 0 (file offset 512); point the directory's sector (1) at itself.
        BitConverter.GetBytes(1u).CopyTo(bytes, 512 + 4 * 1);
        Assert.Throws<InvalidDataException>(() => CompoundFile.Read(bytes));
    }
}
