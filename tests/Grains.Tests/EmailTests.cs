using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Oversight.Grains.Abstractions.Notifications;
using Oversight.Grains.Abstractions.Settings;
using Oversight.Grains.Notifications;
using Oversight.TestSupport;

namespace Oversight.Grains.Tests;

public sealed class EmailTests
{
    [Fact]
    public async Task Notifications_are_emailed_to_the_units_mailbox_over_smtp_when_configured()
    {
        await using var smtp = new SmtpSink();
        var options = Options.Create(new NotificationOptions
        {
            SmtpHost = "127.0.0.1",
            SmtpPort = smtp.Port,
            SmtpStartTls = false,
            From = "oversight@example.go.th",
            UnitMailboxes = { ["ICT"] = "ict-followup@example.go.th" },
        });
        await using var sender = new SmtpNotificationSender(options, NullLogger<SmtpNotificationSender>.Instance);
        var notification = new NotificationRequest("k1", "overdue", "mol-digital-2565.F1-R2", "F1-R2",
            new("จัดทำแผนปรับปรุงฐานข้อมูล NLIC", "NLIC plan"), new DateOnly(2024, 11, 24), -30,
            new("F1-R2 เกินกำหนดมาแล้ว 30 วัน", "F1-R2 is 30 days overdue"));
        sender.Enqueue("ICT", notification);
        sender.Enqueue("LED", notification); // no mailbox configured for LED: nothing is sent

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (smtp.Messages.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        await Task.Delay(300);
        var (_, to, data) = Assert.Single(smtp.Messages);
        Assert.Equal(["ict-followup@example.go.th"], to);
        var message = await MimeMessage.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(data)));
        Assert.Contains("เกินกำหนดมาแล้ว 30 วัน", message.Subject);
        Assert.Contains("mol-digital-2565.F1-R2", message.TextBody);
        Assert.Contains("จัดทำแผนปรับปรุงฐานข้อมูล NLIC", message.TextBody);
    }

    [Fact]
    public async Task Without_an_smtp_host_nothing_is_sent()
    {
        await using var smtp = new SmtpSink();
        await using var sender = new SmtpNotificationSender(Options.Create(new NotificationOptions { UnitMailboxes = { ["ICT"] = "x@example.go.th" } }),
            NullLogger<SmtpNotificationSender>.Instance);
        sender.Enqueue("ICT", new NotificationRequest("k", "overdue", "r", "c", new("t", "t"), default, 0, new("m", "m")));
        await Task.Delay(300);
        Assert.Empty(smtp.Messages);
    }
}
