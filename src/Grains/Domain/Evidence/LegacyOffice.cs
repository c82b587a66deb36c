using System.Buffers.Binary;

namespace Oversight.Grains.Domain.Evidence;

/// <summary>
/// Legacy Office documents (OLE compound files), judged by what they contain, not by their name: a Word document has
/// a WordDocument stream, a workbook a Workbook (or Book) stream, a presentation a "PowerPoint Document" stream.
/// Macros are refused wherever they are kept: a VBA project (a <c>_VBA_PROJECT</c>, <c>_VBA_PROJECT_CUR</c>,
/// <c>Macros</c> or <c>VBA</c> storage or stream, at any depth), an Excel 4.0 macro sheet or VBA module sheet in the
/// workbook, or a presentation's VBA information record (its project is kept compressed inside the presentation).
/// </summary>
internal static class LegacyOffice
{
    private static readonly HashSet<string> MacroEntryNames = new(StringComparer.OrdinalIgnoreCase) { "_VBA_PROJECT", "_VBA_PROJECT_CUR", "Macros", "VBA" };

    public static EvidenceVerdict Judge(ReadOnlySpan<byte> content)
    {
        try
        {
            var file = CompoundFile.Read(content);
            if (file.Walk().Any(e => e.Entry.Type != CompoundFile.EntryType.Unallocated
                && (MacroEntryNames.Contains(e.Entry.Name) || e.Entry.Name.StartsWith("_VBA_PROJECT", StringComparison.OrdinalIgnoreCase))))
            {
                return EvidenceInspector.MacroRefused();
            }
            if (file.RootStream("WordDocument") is not null)
            {
                return EvidenceInspector.Accept("application/msword");
            }
            if ((file.RootStream("Workbook") ?? file.RootStream("Book")) is { } workbook)
            {
                return WorkbookSheets(file.ReadStream(workbook)) switch
                {
                    Sheets.Plain => EvidenceInspector.Accept("application/vnd.ms-excel"),
                    Sheets.Macro => EvidenceInspector.MacroRefused(),
                    _ => EvidenceInspector.Refuse("unsupported-type", "The workbook is encrypted, so it cannot be checked for macros; save it without a password."),
                };
            }
            if (file.RootStream("PowerPoint Document") is { } presentation)
            {
                return HasVbaInfo(file.ReadStream(presentation), 0)
                    ? EvidenceInspector.MacroRefused()
                    : EvidenceInspector.Accept("application/vnd.ms-powerpoint");
            }
            return EvidenceInspector.Refuse("unsupported-type",
                "The file is an OLE compound file but not a Word, Excel or PowerPoint document (an installer or a message, for example).");
        }
        catch (InvalidDataException e)
        {
            return EvidenceInspector.Refuse("corrupt-file", $"The file claims to be a legacy Office document but cannot be read: {e.Message}.");
        }
    }

    private enum Sheets
    {
        Plain,
        Macro,
        Encrypted,
    }

    /// <summary>
    /// The workbook globals (BIFF5/BIFF8 records up to the first EOF): a BoundSheet record of type 1 (an Excel 4.0
    /// macro sheet) or 6 (a VBA module) is a macro. After a FilePass record the rest is encrypted and cannot be read.
    /// </summary>
    private static Sheets WorkbookSheets(ReadOnlySpan<byte> stream)
    {
        const ushort BoundSheet = 0x0085, FilePass = 0x002F, EndOfFile = 0x000A;
        var offset = 0;
        while (offset + 4 <= stream.Length)
        {
            var type = BinaryPrimitives.ReadUInt16LittleEndian(stream[offset..]);
            var size = BinaryPrimitives.ReadUInt16LittleEndian(stream[(offset + 2)..]);
            if (offset + 4 + size > stream.Length)
            {
                throw new InvalidDataException("a workbook record runs past the end of the workbook");
            }
            var data = stream.Slice(offset + 4, size);
            switch (type)
            {
                case FilePass:
                    return Sheets.Encrypted;
                case BoundSheet when size >= 6 && data[5] is 0x01 or 0x06:
                    return Sheets.Macro;
                case EndOfFile:
                    return Sheets.Plain;
            }
            offset += 4 + size;
        }
        throw new InvalidDataException("the workbook's first part does not end");
    }

    /// <summary>
    /// The presentation's records ([MS-PPT]: an 8-byte header, containers have version 0xF and hold records): a
    /// VBAInfoContainer (type 0x03FF) means the presentation has a VBA project. Zero bytes may pad the end.
    /// </summary>
    private static bool HasVbaInfo(ReadOnlySpan<byte> records, int depth)
    {
        const ushort VbaInfo = 0x03FF;
        if (depth > 32)
        {
            throw new InvalidDataException("the presentation's records nest too deep");
        }
        var offset = 0;
        while (offset < records.Length)
        {
            if (offset + 8 > records.Length)
            {
                return records[offset..].IndexOfAnyExcept((byte)0) < 0 ? false : throw new InvalidDataException("the presentation ends inside a record header");
            }
            var versionAndInstance = BinaryPrimitives.ReadUInt16LittleEndian(records[offset..]);
            var type = BinaryPrimitives.ReadUInt16LittleEndian(records[(offset + 2)..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(records[(offset + 4)..]);
            if (versionAndInstance == 0 && type == 0 && length == 0 && records[offset..].IndexOfAnyExcept((byte)0) < 0)
            {
                return false;
            }
            if (length > records.Length - offset - 8)
            {
                throw new InvalidDataException("a presentation record runs past the end of its container");
            }
            if (type == VbaInfo)
            {
                return true;
            }
            if ((versionAndInstance & 0xF) == 0xF && HasVbaInfo(records.Slice(offset + 8, (int)length), depth + 1))
            {
                return true;
            }
            offset += 8 + (int)length;
        }
        return false;
    }
}
