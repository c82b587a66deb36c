using System.Buffers.Binary;
using System.Text;

namespace Oversight.TestSupport.Evidence;

/// <summary>
/// A minimal writer of OLE compound files ([MS-CFB] version 3: 512-byte sectors, 64-byte mini sectors), so tests build
/// legacy Office documents from code instead of carrying binary fixtures. Streams under 4,096 bytes go to the mini
/// stream, as the format requires. The layout: header, FAT sectors, directory, mini FAT, the mini stream's sectors,
/// then each large stream. Each storage's children hang off one another as right siblings (all black), which readers
/// accept as a valid, if unbalanced, tree.
/// </summary>
public sealed class CompoundFileWriter
{
    private const int SectorSize = 512;
    private const int MiniSectorSize = 64;
    private const int MiniStreamCutoff = 4096;
    private const uint EndOfChain = 0xFFFFFFFE;
    private const uint FatSector = 0xFFFFFFFD;
    private const uint Free = 0xFFFFFFFF;
    private const uint NoStream = 0xFFFFFFFF;

    private sealed class Node(string name, byte type)
    {
        public string Name { get; } = name;
        public byte Type { get; } = type; // 1 storage, 2 stream, 5 root
        public byte[] Data { get; set; } = [];
        public List<Node> Children { get; } = [];
        public int Id { get; set; }
        public uint Start { get; set; } = EndOfChain;
    }

    private readonly Node _root = new("Root Entry", 5);

    /// <summary>Adds a stream at a path such as <c>Macros/VBA/_VBA_PROJECT</c>; storages on the way are created.</summary>
    public CompoundFileWriter Stream(string path, byte[] data)
    {
        var parts = path.Split('/');
        var storage = _root;
        foreach (var part in parts[..^1])
        {
            storage = storage.Children.FirstOrDefault(c => c.Name == part && c.Type == 1) ?? Add(storage, new Node(part, 1));
        }
        Add(storage, new Node(parts[^1], 2)).Data = data;
        return this;
    }

    private static Node Add(Node parent, Node child)
    {
        parent.Children.Add(child);
        return child;
    }

    public byte[] ToArray()
    {
        var nodes = new List<Node>();
        void Number(Node node)
        {
            node.Id = nodes.Count;
            nodes.Add(node);
            foreach (var child in node.Children)
            {
                Number(child);
            }
        }
        Number(_root);

        // The mini stream: every small stream, each in whole 64-byte mini sectors.
        var miniFat = new List<uint>();
        using var mini = new MemoryStream();
        foreach (var node in nodes.Where(n => n.Type == 2 && n.Data.Length < MiniStreamCutoff && n.Data.Length > 0))
        {
            node.Start = (uint)miniFat.Count;
            var count = (node.Data.Length + MiniSectorSize - 1) / MiniSectorSize;
            for (var i = 0; i < count; i++)
            {
                miniFat.Add(i == count - 1 ? EndOfChain : (uint)(miniFat.Count + 1));
            }
            mini.Write(node.Data);
            mini.Write(new byte[count * MiniSectorSize - node.Data.Length]);
        }
        var big = nodes.Where(n => n.Type == 2 && n.Data.Length >= MiniStreamCutoff).ToList();

        static int Sectors(long bytes) => (int)((bytes + SectorSize - 1) / SectorSize);
        var directorySectors = Sectors(nodes.Count * 128L);
        var miniFatSectors = Sectors(miniFat.Count * 4L);
        var miniStreamSectors = Sectors(mini.Length);
        var dataSectors = directorySectors + miniFatSectors + miniStreamSectors + big.Sum(n => Sectors(n.Data.Length));
        var fatSectors = 1;
        while (fatSectors * (SectorSize / 4) < fatSectors + dataSectors)
        {
            fatSectors++;
        }

        var fat = new List<uint>();
        for (var i = 0; i < fatSectors; i++)
        {
            fat.Add(FatSector);
        }
        uint Chain(int sectors)
        {
            if (sectors == 0)
            {
                return EndOfChain;
            }
            var start = (uint)fat.Count;
            for (var i = 0; i < sectors; i++)
            {
                fat.Add(i == sectors - 1 ? EndOfChain : (uint)(fat.Count + 1));
            }
            return start;
        }
        var directoryStart = Chain(directorySectors);
        var miniFatStart = Chain(miniFatSectors);
        _root.Start = Chain(miniStreamSectors);
        _root.Data = mini.ToArray();
        foreach (var node in big)
        {
            node.Start = Chain(Sectors(node.Data.Length));
        }
        while (fat.Count < fatSectors * (SectorSize / 4))
        {
            fat.Add(Free);
        }

        using var file = new MemoryStream();
        var header = new byte[SectorSize];
        CompoundFileSignature.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(24), 0x003E); // minor version
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(26), 3);      // major version
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(28), 0xFFFE); // byte order
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(30), 9);      // 512-byte sectors
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(32), 6);      // 64-byte mini sectors
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(44), (uint)fatSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(48), directoryStart);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(56), MiniStreamCutoff);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(60), miniFatStart);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(64), (uint)miniFatSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(68), EndOfChain); // no DIFAT sectors
        for (var i = 0; i < 109; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(76 + 4 * i), i < fatSectors ? (uint)i : Free);
        }
        file.Write(header);

        foreach (var entry in fat)
        {
            file.Write(BitConverter.GetBytes(entry));
        }
        var directory = new byte[directorySectors * SectorSize];
        for (var i = directorySectors * SectorSize / 128 - 1; i >= nodes.Count; i--)
        {
            // Unused entries: no siblings, no child.
            BinaryPrimitives.WriteUInt32LittleEndian(directory.AsSpan(i * 128 + 68), NoStream);
            BinaryPrimitives.WriteUInt32LittleEndian(directory.AsSpan(i * 128 + 72), NoStream);
            BinaryPrimitives.WriteUInt32LittleEndian(directory.AsSpan(i * 128 + 76), NoStream);
        }
        foreach (var node in nodes)
        {
            var entry = directory.AsSpan(node.Id * 128, 128);
            var name = Encoding.Unicode.GetBytes(node.Name);
            name.CopyTo(entry);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[64..], (ushort)(name.Length + 2));
            entry[66] = node.Type;
            entry[67] = 1; // black
            var parent = nodes.FirstOrDefault(n => n.Children.Contains(node));
            var index = parent?.Children.IndexOf(node) ?? -1;
            var right = parent is not null && index + 1 < parent.Children.Count ? (uint)parent.Children[index + 1].Id : NoStream;
            BinaryPrimitives.WriteUInt32LittleEndian(entry[68..], NoStream);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[72..], right);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[76..], node.Children.Count > 0 ? (uint)node.Children[0].Id : NoStream);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[116..], node.Type == 1 ? 0 : node.Start);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[120..], node.Type == 1 ? 0 : (ulong)node.Data.Length);
        }
        file.Write(directory);
        var miniFatBytes = new byte[miniFatSectors * SectorSize];
        for (var i = 0; i < miniFatBytes.Length / 4; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(miniFatBytes.AsSpan(i * 4), i < miniFat.Count ? miniFat[i] : Free);
        }
        file.Write(miniFatBytes);
        WritePadded(file, _root.Data);
        foreach (var node in big)
        {
            WritePadded(file, node.Data);
        }
        return file.ToArray();
    }

    public static ReadOnlySpan<byte> CompoundFileSignature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private static void WritePadded(Stream file, byte[] data)
    {
        file.Write(data);
        file.Write(new byte[(SectorSize - data.Length % SectorSize) % SectorSize]);
    }
}
