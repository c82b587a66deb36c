using System.Threading.Channels;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Oversight.Grains.Abstractions.Notifications;
using Oversight.Grains.Abstractions.Settings;

namespace Oversight.Grains.Notifications;

/// <summary>Optional e-mail for notifications. Queues and returns; never blocks a grain.</summary>
public interface INotificationSender
{
    void Enqueue(string unit, NotificationRequest notification);
}

/// <summary>
/// Sends notifications to the unit's mailbox over SMTP (MailKit) when <c>Notifications:SmtpHost</c> and a mailbox for
/// the unit are configured; otherwise does nothing. Failures are logged, not retried forever.
/// </summary>
public sealed class SmtpNotificationSender(IOptions<NotificationOptions> options, ILogger<SmtpNotificationSender> logger) : INotificationSender, IAsyncDisposable
{
    private readonly Channel<(string To, NotificationRequest Notification)> _queue = Channel.CreateBounded<(string, NotificationRequest)>(1000);
    private Task? _loop;

    public void Enqueue(string unit, NotificationRequest notification)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.SmtpHost) || !settings.UnitMailboxes.TryGetValue(unit, out var to) || string.IsNullOrWhiteSpace(to))
        {
            return;
        }
        if (_queue.Writer.TryWrite((to, notification)))
        {
            _loop ??= Task.Run(SendLoopAsync);
        }
        else
        {
            logger.LogWarning("E-mail queue full; notification {Key} not e-mailed", notification.Key);
        }
    }

    private async Task SendLoopAsync()
    {
        await foreach (var (to, notification) in _queue.Reader.ReadAllAsync())
        {
            try
            {
                var settings = options.Value;
                var message = new MimeMessage();
                message.From.Add(MailboxAddress.Parse(settings.From));
                message.To.Add(MailboxAddress.Parse(to));
                message.Subject = $"[Oversight] {notification.Message.Th} / {notification.Message.En}";
                message.Body = new TextPart("plain")
                {
                    Text = $"{notification.Message.Th}\n{notification.Title.Th}\n\n{notification.Message.En}\n{notification.Title.En}\n\n{notification.RecommendationId}",
                };
                using var client = new SmtpClient();
                await client.ConnectAsync(settings.SmtpHost!, settings.SmtpPort, settings.SmtpStartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None);
                if (!string.IsNullOrEmpty(settings.SmtpUsername))
                {
                    await client.AuthenticateAsync(settings.SmtpUsername, settings.SmtpPassword ?? "");
                }
                await client.SendAsync(message);
                await client.DisconnectAsync(quit: true);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "E-mailing notification {Key} to {To} failed", notification.Key, to);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
