/** Everything: the Kubernetes layer plus the cloud components (a cloud SDK loads when a cluster on that cloud is constructed). */
export * from "./kubernetes";
export * from "./aws";
export * from "./alicloud";
