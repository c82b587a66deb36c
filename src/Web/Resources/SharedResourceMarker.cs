namespace Oversight.Web.Resources;

/// <summary>Marker for the shared UI strings in SharedResource.resx (Thai, the default) and SharedResource.en.resx.</summary>
public sealed class SharedResource;
