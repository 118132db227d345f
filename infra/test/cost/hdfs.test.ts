import { compareObjectStorageWithHdfs, formatHdfsComparison } from "../../cost";

describe("compareObjectStorageWithHdfs", () => {
  it("prices 1 TB in standard Object Storage against HDFS x3 on network HDD", () => {
    const c = compareObjectStorageWithHdfs(1000);
    expect(c.objectStorage).toEqual({ storageClass: "STANDARD", pricePerGbMonth: 1.261, monthly: 1261 }); // 1000 x 1.261
    expect(c.hdfs).toEqual({
      replication: 3,
      diskType: "network-hdd",
      diskGb: 3000,
      pricePerGbMonth: 2.0847,
      monthly: 6254.1, // 3000 x 2.0847
    });
    expect(c.ratio).toBe(4.96); // 6254.10 / 1261.00 = 4.9596
    expect(c.cheaper).toBe("objectStorage");
    expect(c.currency).toBe("RUB");
  });

  it("converts the hourly SSD price to a month and honours replication and storage class", () => {
    const c = compareObjectStorageWithHdfs(500, {
      replication: 2,
      diskType: "network-ssd",
      storageClass: "COLD",
    });
    expect(c.objectStorage.monthly).toBe(335.6); // 500 x 0.6712
    expect(c.hdfs.pricePerGbMonth).toBeCloseTo(14.328, 10); // 0.0199 x 720
    expect(c.hdfs.monthly).toBe(14328); // 1000 GB x 14.328
    expect(c.ratio).toBe(42.694); // 14328 / 335.6
  });

  it("finds HDFS cheaper only when there is no replication and the disk is cheaper than storage", () => {
    const prices = {
      currency: "RUB" as const,
      vatIncluded: true,
      priceTableDate: "2026-01-01",
      hoursPerMonth: 720,
      missing: [],
      items: [
        {
          id: "storage.standard",
          item: "s",
          unit: "GB-month" as const,
          price: 2,
          vintage: "A" as const,
          effectiveDate: "x",
          source: "t",
        },
        {
          id: "disk.network-hdd",
          item: "d",
          unit: "GB-month" as const,
          price: 1,
          vintage: "A" as const,
          effectiveDate: "x",
          source: "t",
        },
      ],
    };
    expect(compareObjectStorageWithHdfs(10, { replication: 1 }, prices).cheaper).toBe("hdfs");
    expect(compareObjectStorageWithHdfs(10, { replication: 3 }, prices).cheaper).toBe("objectStorage");
  });

  it.each([0, -5, Number.NaN])("rejects a data volume of %p", (v) => {
    expect(() => compareObjectStorageWithHdfs(v)).toThrow("dataVolumeGb must be a positive number");
  });

  it("rejects a fractional or zero replication factor", () => {
    expect(() => compareObjectStorageWithHdfs(10, { replication: 2.5 })).toThrow(
      "replication must be an integer >= 1, got 2.5",
    );
    expect(() => compareObjectStorageWithHdfs(10, { replication: 0 })).toThrow(
      "replication must be an integer >= 1, got 0",
    );
  });

  it("formats the figures and the ratio", () => {
    const text = formatHdfsComparison(compareObjectStorageWithHdfs(1000));
    expect(text).toContain("Object Storage STANDARD: 1,000 GB x 1.261 = 1,261.00");
    expect(text).toContain("HDFS on network-hdd, replication 3: 3,000 GB x 2.085 = 6,254.10");
    expect(text).toContain("HDFS / Object Storage = 4.96; cheaper: objectStorage");
  });
});
