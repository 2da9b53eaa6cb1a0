/** Everything: the Kubernetes layer plus the cloud components (loads the cloud SDKs). */
export * from "./kubernetes";
export * from "./aws";
export * from "./alicloud";
