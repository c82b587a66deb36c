using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;
using Oversight.Grains.Abstractions.Common;

namespace Oversight.Web.Live;

/// <summary>
/// The hub's MessagePack protocol (the compact choice for .NET clients such as wall boards and the load tool; browsers
/// stay on JSON). Members keep their names (contractless) and enums travel as the same kebab-case strings the JSON API
/// uses, so a client sees <c>in-progress</c> whichever protocol it picked.
/// </summary>
public static class HubMessagePack
{
    public static MessagePackSerializerOptions Options { get; } = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create(KebabEnumResolver.Instance, ContractlessStandardResolver.Instance))
        .WithSecurity(MessagePackSecurity.UntrustedData);

    private sealed class KebabEnumResolver : IFormatterResolver
    {
        public static readonly KebabEnumResolver Instance = new();

        public IMessagePackFormatter<T>? GetFormatter<T>() => Cache<T>.Formatter;

        private static class Cache<T>
        {
            public static readonly IMessagePackFormatter<T>? Formatter = typeof(T).IsEnum
                ? (IMessagePackFormatter<T>)Activator.CreateInstance(typeof(KebabEnumFormatter<>).MakeGenericType(typeof(T)))!
                : null;
        }
    }

    /// <summary>Enums by the JSON converter's own name tables, so both protocols write and accept the same names.</summary>
    private sealed class KebabEnumFormatter<T> : IMessagePackFormatter<T> where T : struct, Enum
    {
        public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options) =>
            writer.Write(StrictEnumConverter<T>.NameOf(value));

        public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            var text = reader.ReadString();
            return StrictEnumConverter<T>.TryParse(text, out var value)
                ? value
                : throw new MessagePackSerializationException($"'{text}' is not a {typeof(T).Name}.");
        }
    }
}
