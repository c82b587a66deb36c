namespace Oversight.Grains;
