namespace Oversight.Web;

/// <summary>
/// Marker for the shared UI strings in Resources/SharedResource.resx (Thai, the default) and SharedResource.en.resx.
/// It lives in the root namespace on purpose: with <c>ResourcesPath = "Resources"</c> the localizer looks for
/// "{root namespace}.Resources.{type name without the root namespace}", which is exactly the embedded resource's name.
/// This file is deliberately not named SharedResource.cs: MSBuild would then name the .resx resources after this class
/// ("Oversight.Web.SharedResource") instead of after the folder, and the localizer would not find them.
/// </summary>
public sealed class SharedResource;
