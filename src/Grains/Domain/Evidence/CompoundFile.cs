using System.Buffers.Binary;
using System.Text;

namespace Oversight.Grains.Domain.Evidence;

/// <summary>
/// A reader of OLE compound files ([MS-CFB]), the container of legacy Office documents (.doc, .xls, .ppt): a 512-byte
/// header, a FAT of sector chains (found through the DIFAT), a directory of 128-byte entries with UTF-16 names, and a
/// mini stream (with its own mini FAT) for streams under 4 KB. Only what the evidence check needs: the entries, and
/// a stream's bytes. Anything that does not hold together (a chain that leaves the file, loops or is too short for
/// its stream) throws <see cref="InvalidDataException"/>.
/// </summary>
internal sealed class CompoundFile
{
    public static ReadOnlySpan<byte> Signature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private const uint MaxRegularSector = 0xFFFFFFFA;
    private const uint EndOfChain = 0xFFFFFFFE;
    private const uint NoStream = 0xFFFFFFFF;

    private readonly byte[] _file;
    private readonly int _sectorSize;
    private readonly int _miniSectorSize;
    private readonly uint _miniStreamCutoff;
    private readonly uint[] _fat;
    private readonly uint[] _miniFat;
    private readonly byte[] _miniStream;

    /// <summary>A directory entry: a storage (a folder) or a stream (a file) in the compound file.</summary>
    public sealed record Entry(int Id, string Name, EntryType Type, uint Child, uint Left, uint Right, uint StartSector, long Size);

    public enum EntryType : byte
    {
        Unallocated = 0,
        Storage = 1,
        Stream = 2,
        Root = 5,
    }

    public IReadOnlyList<Entry> Entries { get; }

    public Entry Root => Entries[0];

    private CompoundFile(byte[] file)
    {
        _file = file;
        var header = file.AsSpan();
        if (file.Length < 512 || !header.StartsWith(Signature))
        {
            throw new InvalidDataException("shorter than a compound file's header");
        }
        var major = U16(header, 26);
        var sectorShift = U16(header, 30);
        if (U16(header, 28) != 0xFFFE || !((major == 3 && sectorShift == 9) || (major == 4 && sectorShift == 12)) || U16(header, 32) != 6)
        {
            throw new InvalidDataException("the header's version, byte order or sector sizes are not those of a compound file");
        }
        _sectorSize = 1 << sectorShift;
        _miniSectorSize = 64;
        _miniStreamCutoff = U32(header, 56);
        if (file.Length < _sectorSize || _miniStreamCutoff != 4096)
        {
            throw new InvalidDataException("the header is incomplete");
        }
        var sectorCount = (file.Length - 1L) / _sectorSize; // whole or partial sectors after the header

        // The FAT's own sectors: 109 listed in the header, the rest in a chain of DIFAT sectors.
        var fatSectorCount = U32(header, 44);
        if (fatSectorCount > sectorCount)
        {
            throw new InvalidDataException("more FAT sectors than the file has sectors");
        }
        var fatSectors = new List<uint>((int)fatSectorCount);
        for (var i = 0; i < 109 && fatSectors.Count < fatSectorCount; i++)
        {
            fatSectors.Add(U32(header, 76 + 4 * i));
        }
        var difat = U32(header, 68);
        var perDifat = _sectorSize / 4 - 1;
        var seen = new HashSet<uint>();
        while (fatSectors.Count < fatSectorCount)
        {
            if (difat > MaxRegularSector || !seen.Add(difat))
            {
                throw new InvalidDataException("the DIFAT chain ends early or loops");
            }
            var sector = Sector(difat);
            for (var i = 0; i < perDifat && fatSectors.Count < fatSectorCount; i++)
            {
                fatSectors.Add(U32(sector, 4 * i));
            }
            difat = U32(sector, 4 * perDifat);
        }
        _fat = new uint[fatSectors.Count * (_sectorSize / 4)];
        for (var s = 0; s < fatSectors.Count; s++)
        {
            var sector = Sector(fatSectors[s]);
            for (var i = 0; i < _sectorSize / 4; i++)
            {
                _fat[s * (_sectorSize / 4) + i] = U32(sector, 4 * i);
            }
        }

        var directory = ReadChain(U32(header, 48), long.MaxValue);
        var entries = new List<Entry>(directory.Length / 128);
        for (var offset = 0; offset + 128 <= directory.Length; offset += 128)
        {
            entries.Add(ReadEntry(directory.AsSpan(offset, 128), entries.Count, major));
        }
        if (entries.Count == 0 || entries[0].Type != EntryType.Root)
        {
            throw new InvalidDataException("the directory has no root entry");
        }
        Entries = entries;

        var miniFat = ReadChain(U32(header, 60), (long)U32(header, 64) * _sectorSize);
        _miniFat = new uint[miniFat.Length / 4];
        for (var i = 0; i < _miniFat.Length; i++)
        {
            _miniFat[i] = U32(miniFat, 4 * i);
        }
        _miniStream = Root.Size > 0 ? ReadChain(Root.StartSector, Root.Size) : [];
        if (_miniStream.Length < Root.Size)
        {
            throw new InvalidDataException("the mini stream is shorter than the root entry says");
        }
    }

    /// <summary>The compound file in <paramref name="content"/>; <see cref="InvalidDataException"/> when it does not hold together.</summary>
    public static CompoundFile Read(ReadOnlySpan<byte> content) => new(content.ToArray());

    /// <summary>The entries directly inside <paramref name="storage"/> (its children's red-black tree, walked in full).</summary>
    public IEnumerable<Entry> Children(Entry storage) => Children(storage, []);

    /// <summary>The children of <paramref name="storage"/>; an entry already in <paramref name="visited"/> (reached before, here or elsewhere) throws.</summary>
    private IEnumerable<Entry> Children(Entry storage, HashSet<uint> visited)
    {
        var pending = new Stack<uint>();
        pending.Push(storage.Child);
        while (pending.Count > 0)
        {
            var id = pending.Pop();
            if (id == NoStream)
            {
                continue;
            }
            if (id >= Entries.Count || !visited.Add(id))
            {
                throw new InvalidDataException("the directory tree points outside itself, loops or puts an entry in two places");
            }
            var entry = Entries[(int)id];
            yield return entry;
            pending.Push(entry.Left);
            pending.Push(entry.Right);
        }
    }

    /// <summary>
    /// Every storage and stream reachable from the root, with its path. In a compound file each entry has exactly one
    /// parent, so the walk reaches each entry once: one reached a second time (a tree that loops or entries shared
    /// between storages, which would make the walk grow with the square of the directory) throws, as do storages
    /// nested deeper than <see cref="MaxDepth"/>. Paths are built only as they are returned, never kept.
    /// </summary>
    public IEnumerable<(string Path, Entry Entry)> Walk()
    {
        var reached = new HashSet<uint> { (uint)Root.Id };
        var pending = new Stack<(PathNode? Parent, Entry Storage, int Depth)>();
        pending.Push((null, Root, 0));
        while (pending.Count > 0)
        {
            var (parent, storage, depth) = pending.Pop();
            var node = storage.Id == Root.Id ? null : new PathNode(parent, storage.Name);
            foreach (var child in Children(storage, reached))
            {
                yield return (PathNode.Join(node, child.Name), child);
                if (child.Type == EntryType.Storage)
                {
                    if (depth + 1 > MaxDepth)
                    {
                        throw new InvalidDataException($"its storages nest more than {MaxDepth} deep");
                    }
                    pending.Push((node, child, depth + 1));
                }
            }
        }
    }

    /// <summary>How deep storages may nest below the root (Office nests a few levels: Macros/VBA, ObjectPool/_n/...).</summary>
    public const int MaxDepth = 32;

    /// <summary>A storage on the way to an entry: its name and its parent's node (shared, so the walk keeps no path strings).</summary>
    private sealed record PathNode(PathNode? Parent, string Name)
    {
        public static string Join(PathNode? parent, string name)
        {
            var parts = new Stack<string>();
            parts.Push(name);
            for (var node = parent; node is not null; node = node.Parent)
            {
                parts.Push(node.Name);
            }
            return "/" + string.Join('/', parts);
        }
    }

    /// <summary>The bytes of a stream (from the mini stream when it is small).</summary>
    public byte[] ReadStream(Entry entry)
    {
        if (entry.Type != EntryType.Stream)
        {
            throw new InvalidOperationException("not a stream");
        }
        if (entry.Size >= _miniStreamCutoff)
        {
            return ReadChain(entry.StartSector, entry.Size);
        }
        var result = new byte[entry.Size];
        var sector = entry.StartSector;
        var visited = new HashSet<uint>();
        for (var done = 0; done < result.Length; done += _miniSectorSize)
        {
            if (sector >= _miniFat.Length || !visited.Add(sector) || (long)(sector + 1) * _miniSectorSize > _miniStream.Length)
            {
                throw new InvalidDataException($"the mini stream chain of '{entry.Name}' is broken");
            }
            _miniStream.AsSpan((int)sector * _miniSectorSize, Math.Min(_miniSectorSize, result.Length - done)).CopyTo(result.AsSpan(done));
            sector = _miniFat[sector];
        }
        return result;
    }

    /// <summary>The first stream named <paramref name="name"/> directly in the root storage (names compare case-insensitively, as in [MS-CFB]).</summary>
    public Entry? RootStream(string name) =>
        Children(Root).FirstOrDefault(e => e.Type == EntryType.Stream && string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The sectors of a chain from <paramref name="start"/>, cut to <paramref name="size"/> (long.MaxValue: the whole chain).</summary>
    private byte[] ReadChain(uint start, long size)
    {
        using var buffer = new MemoryStream();
        var sector = start;
        var visited = new HashSet<uint>();
        while (sector != EndOfChain && buffer.Length < size)
        {
            if (sector > MaxRegularSector || sector >= _fat.Length || !visited.Add(sector))
            {
                throw new InvalidDataException("a sector chain leaves the FAT or loops");
            }
            buffer.Write(Sector(sector));
            sector = _fat[sector];
        }
        if (size != long.MaxValue && buffer.Length < size)
        {
            throw new InvalidDataException("a sector chain is shorter than its stream");
        }
        var bytes = buffer.ToArray();
        return bytes.Length > size ? bytes[..(int)size] : bytes;
    }

    private ReadOnlySpan<byte> Sector(uint index)
    {
        var offset = (index + 1L) * _sectorSize;
        if (index > MaxRegularSector || offset >= _file.Length)
        {
            throw new InvalidDataException("a sector lies beyond the end of the file");
        }
        // The last sector may be cut short by writers that do not pad the file; what is missing reads as zeros.
        var available = (int)Math.Min(_sectorSize, _file.Length - offset);
        if (available == _sectorSize)
        {
            return _file.AsSpan((int)offset, _sectorSize);
        }
        var padded = new byte[_sectorSize];
        _file.AsSpan((int)offset, available).CopyTo(padded);
        return padded;
    }

    private static Entry ReadEntry(ReadOnlySpan<byte> raw, int id, int major)
    {
        var type = (EntryType)raw[66];
        if (type is not (EntryType.Unallocated or EntryType.Storage or EntryType.Stream or EntryType.Root))
        {
            throw new InvalidDataException($"directory entry {id} has an unknown type");
        }
        var nameLength = U16(raw, 64);
        if (type != EntryType.Unallocated && (nameLength is < 2 or > 64 || nameLength % 2 != 0))
        {
            throw new InvalidDataException($"directory entry {id} has a name of an impossible length");
        }
        var name = type == EntryType.Unallocated ? "" : Encoding.Unicode.GetString(raw[..(nameLength - 2)]);
        // Version 3 files keep sizes in 32 bits; some writers leave garbage in the upper half, which readers ignore.
        var size = major == 3 ? U32(raw, 120) : (long)BinaryPrimitives.ReadUInt64LittleEndian(raw[120..]);
        if (size < 0)
        {
            throw new InvalidDataException($"directory entry {id} has an impossible size");
        }
        return new Entry(id, name, type, U32(raw, 76), U32(raw, 68), U32(raw, 72), U32(raw, 116), size);
    }

    private static ushort U16(ReadOnlySpan<byte> span, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(span[offset..]);

    private static uint U32(ReadOnlySpan<byte> span, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(span[offset..]);
}
