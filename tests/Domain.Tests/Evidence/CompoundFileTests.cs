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

    [Fact]
    public void Storages_reached_from_more_than_one_parent_are_damage_found_before_the_walk_grows()
    {
        // 50 storages, each reaching all the others: a walk that does not notice returns about 50² entries.
        var file = CompoundFile.Read(CompoundFileWithSharedStorages(50));
        var returned = 0;
        Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var _ in file.Walk())
            {
                returned++;
            }
        });
        Assert.True(returned < file.Entries.Count, $"the walk returned {returned} entries of a directory of {file.Entries.Count}");
    }

    [Fact]
    public void A_document_of_two_thousand_shared_storages_is_refused_as_corrupt()
    {
        // Without a walk that reaches each entry once, this 258 KB file makes about 4 million paths of up to 2,000 characters.
        var verdict = EvidenceInspector.Inspect(CompoundFileWithSharedStorages(2_000), "report.doc");
        Assert.Equal("corrupt-file", verdict.Error?.Code);
    }

    [Fact]
    public void Storages_nested_deeper_than_the_limit_are_refused_and_office_depths_are_read()
    {
        var deep = string.Concat(Enumerable.Repeat("S/", CompoundFile.MaxDepth + 1)) + "WordDocument";
        var file = CompoundFile.Read(WordDocument().Stream(deep, Filler(10)).ToArray());
        Assert.Throws<InvalidDataException>(() => file.Walk().ToList());

        var limit = string.Concat(Enumerable.Repeat("S/", CompoundFile.MaxDepth)) + "WordDocument";
        var paths = CompoundFile.Read(WordDocument().Stream(limit, Filler(10)).ToArray()).Walk().Select(e => e.Path).ToList();
        Assert.Contains("/" + limit, paths);
    }
}
