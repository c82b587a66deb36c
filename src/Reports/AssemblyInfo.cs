// Oversight.Reports: a small PDF layout engine on SkiaSharp + HarfBuzz + ICU for Thai official reports.
// Public entry points: Oversight.Reports.PdfRenderer, Oversight.Reports.DocumentBuilder and the model in Oversight.Reports.Model.
namespace Oversight.Reports;
