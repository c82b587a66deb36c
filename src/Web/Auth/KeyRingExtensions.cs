using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using Oversight.Storage;
using Oversight.Storage.KeyRing;

namespace Oversight.Web.Auth;

/// <summary>
/// The Data Protection key ring (sign-in cookies, antiforgery tokens, sign-in correlation) lives in Oversight's own
/// database, not on one host's disk: every Web host of a deployment reads the same ring, so a cookie issued by one is
/// valid on the others, and a replaced container signs nobody out. A backup of the database carries the ring.
/// </summary>
public static class KeyRingExtensions
{
    /// <summary>The application name all hosts share; keys are isolated per application name.</summary>
    public const string ApplicationName = "Oversight";

    public static IServiceCollection AddOversightDataProtection(this IServiceCollection services)
    {
        services.AddOversightKeyRing();
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<KeyRingStore>(), sp.GetService<TimeProvider>() ?? TimeProvider.System)));
        return services;
    }
}

/// <summary>Data Protection's key storage over <see cref="KeyRingStore"/>.</summary>
public sealed class DatabaseXmlRepository(KeyRingStore store, TimeProvider time) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => store.ReadAll().Select(e => XElement.Parse(e.Xml)).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        store.Add(new KeyRingElement(string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName,
            element.ToString(SaveOptions.DisableFormatting)), time.GetUtcNow());
}
