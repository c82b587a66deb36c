namespace Oversight.Reports;
