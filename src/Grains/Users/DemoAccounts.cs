using Oversight.Grains.Abstractions.Common;

namespace Oversight.Grains.Users;

/// <summary>The demo accounts, present only while demo mode is on. All use the password <see cref="Password"/>.</summary>
public static class DemoAccounts
{
    public const string Password = "demo-2569";

    public static IReadOnlyList<(string Username, string DisplayName, UserRole Role, string? Unit)> All { get; } =
    [
        ("executive", "ผู้บริหาร (สาธิต) / Executive (demo)", UserRole.Executive, null),
        ("auditor", "ผู้ตรวจสอบ สตง. (สาธิต) / SAO auditor (demo)", UserRole.Auditor, null),
        ("admin", "ผู้ดูแลระบบ (สาธิต) / Administrator (demo)", UserRole.Admin, null),
        ("ict", "เจ้าหน้าที่ ศทส. (สาธิต) / ICT Centre officer (demo)", UserRole.UnitOfficer, "ICT"),
        ("ilpo", "เจ้าหน้าที่ สนร. (สาธิต) / ILPO officer (demo)", UserRole.UnitOfficer, "ILPO"),
        ("spd", "เจ้าหน้าที่ กยผ. (สาธิต) / SPD officer (demo)", UserRole.UnitOfficer, "SPD"),
        ("led", "เจ้าหน้าที่ กศร. (สาธิต) / LED officer (demo)", UserRole.UnitOfficer, "LED"),
        ("jsc", "เจ้าหน้าที่ ศูนย์บริการร่วม (สาธิต) / JSC officer (demo)", UserRole.UnitOfficer, "JSC"),
        ("ops", "เจ้าหน้าที่ สป.รง. (สาธิต) / OPS officer (demo)", UserRole.UnitOfficer, "OPS"),
    ];
}
