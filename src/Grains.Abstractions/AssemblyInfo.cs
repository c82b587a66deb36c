namespace Oversight.Grains.Abstractions;
