import {
    annotationsSchema,
    chartSourceOverride,
    dns1123Label,
    dns1123Subdomain,
    imageRegistry,
    nonEmptyString,
    resources,
    type Resources,
} from "../../core/schemas";
import type { RegistryMirrorsArgs } from "../../core/args";
import { lazySchema, type Infer } from "../../core/zod";

/** A Go duration as Knative reads it, in whole seconds, minutes or hours (`1800s`, `15m`). */
const goDuration = lazySchema((z) => z.string().regex(/^\d+(s|m|h)$/, "must be a duration such as '1800s', '15m' or '1h'"));

export const kserveStackSchema = lazySchema((z) =>
    z.strictObject({
        deploymentMode: z.enum(["Standard", "Knative"]).default("Standard"),
        namespace: dns1123Label().default("kserve"),
        ingress: z
            .strictObject({
                domain: dns1123Subdomain().default("example.com"),
                className: dns1123Subdomain().optional(),
                urlScheme: z.enum(["http", "https"]).default("http"),
                domainTemplate: nonEmptyString().optional(),
            })
            .default({ domain: "example.com", urlScheme: "http" }),
        storageInitializer: z.strictObject({ resources: resources().optional() }).default({}),
        s3: z
            .strictObject({
                endpoint: z
                    .string()
                    .regex(/^[a-z0-9.-]+(:\d+)?$/, "must be a host[:port] without scheme (the scheme comes from useHttps)")
                    .optional(),
                region: nonEmptyString().optional(),
                useHttps: z.boolean().optional(),
                verifySsl: z.boolean().optional(),
                useVirtualBucket: z.boolean().optional(),
                useAnonymousCredential: z.boolean().optional(),
                accessKeyIdName: nonEmptyString().optional(),
                secretAccessKeyName: nonEmptyString().optional(),
            })
            .optional(),
        localModelCache: z.boolean().default(false),
        keda: z.boolean().default(false),
        certManager: z.strictObject({ install: z.boolean().default(true) }).default({ install: true }),
        knative: z
            .strictObject({
                progressDeadline: goDuration().default("1800s"),
                scaleToZero: z.boolean().default(true),
                scaleDownDelay: goDuration().default("15m"),
                imageTemplate: z.string().includes("${NAME}", { message: "must contain the ${NAME} placeholder" }).optional(),
            })
            .default({ progressDeadline: "1800s", scaleToZero: true, scaleDownDelay: "15m" }),
        istio: z
            .strictObject({
                gatewayService: z
                    .strictObject({
                        type: z.enum(["ClusterIP", "LoadBalancer", "NodePort"]).default("ClusterIP"),
                        annotations: annotationsSchema().default({}),
                    })
                    .default({ type: "ClusterIP", annotations: {} }),
            })
            .default({ gatewayService: { type: "ClusterIP", annotations: {} } }),
        registries: z.strictObject({ charts: chartSourceOverride().optional(), images: imageRegistry().optional() }).default({}),
    }),
);

export type KServeStackParsed = Infer<typeof kserveStackSchema>;

/** Arguments of {@link KServeStack}. */
export interface KServeStackArgs {
    /**
     * KServe's default deployment mode (`inferenceservice-config` `deploy.defaultDeploymentMode`).
     * `Standard` (formerly RawDeployment) needs neither Istio nor Knative; `Knative` also installs
     * Istio 1.27.1 and Knative Serving 1.21.1 (through the Knative operator). Services pick their
     * own mode; a service in Knative mode needs this stack in Knative mode.
     * @default "Standard"
     */
    readonly deploymentMode?: "Standard" | "Knative";
    /**
     * Namespace of the KServe controller and its releases. Plain value (not an Output): the Helm
     * releases are computed with it. @default "kserve"
     */
    readonly namespace?: string;
    /** How InferenceServices are exposed (`inferenceservice-config` `ingress`). @default {domain: "example.com", urlScheme: "http"} */
    readonly ingress?: KServeIngressArgs;
    /** Resources of the storage-initializer container (the `default` ClusterStorageContainer). @default KServe's (requests 100m/100Mi, limits 1/1Gi) */
    readonly storageInitializer?: KServeStorageInitializerArgs;
    /**
     * S3 settings of the storage initializer (`inferenceservice-config` `credentials.s3`). Also fits
     * S3-compatible stores (OSS, MinIO). Credentials come from the service account (pod identity)
     * or a Secret; the key names say which Secret keys hold static keys.
     * @default KServe's (AWS S3, HTTPS)
     */
    readonly s3?: KServeS3Args;
    /** KServe's node-local model cache (`localModel.enabled`, plus the LocalModel charts). @default false */
    readonly localModelCache?: boolean;
    /** Installs KEDA 2.20.2, for InferenceServices with `serving.kserve.io/autoscalerClass: keda`. @default false */
    readonly keda?: boolean;
    /** cert-manager v1.17.0, which KServe's webhooks need; set `install: false` if the cluster has it. @default {install: true} */
    readonly certManager?: KServeCertManagerArgs;
    /** Knative Serving settings (Knative mode only), tuned for GPU cold starts. @default {progressDeadline: "1800s", scaleToZero: true, scaleDownDelay: "15m"} */
    readonly knative?: KServeKnativeArgs;
    /** Istio settings (Knative mode only). @default {gatewayService: {type: "ClusterIP"}} */
    readonly istio?: KServeIstioArgs;
    /**
     * Mirrors for restricted networks (e.g. ACK in mainland China): `charts` replaces every chart
     * repository (an `oci://` prefix or an HTTP repository holding all the charts, or a local
     * directory with each chart unpacked in a folder named after it); `images` is a
     * registry that keeps upstream repository paths (`quay.io/jetstack/x` -> `<images>/jetstack/x`).
     * @default {} (upstream repositories and registries)
     */
    readonly registries?: RegistryMirrorsArgs;
}

/** How InferenceServices are exposed (`KServeStackArgs.ingress`, `inferenceservice-config` `ingress`). */
export interface KServeIngressArgs {
    /** Ingress domain; in Knative mode also Knative's `config-domain`. @default "example.com" */
    readonly domain?: string;
    /**
     * Ingress class of the Ingress objects KServe creates, an IngressClass name (a DNS-1123 subdomain, as the API server requires). In Standard mode KServe creates no
     * Ingress unless a class is given (services stay cluster-internal).
     * @default "istio" in Knative mode, none (no Ingress) in Standard mode
     */
    readonly className?: string;
    /** URL scheme of InferenceService URLs. @default "http" */
    readonly urlScheme?: "http" | "https";
    /** Host template, e.g. `{{ .Name }}-{{ .Namespace }}.{{ .IngressDomain }}`. @default KServe's */
    readonly domainTemplate?: string;
}

/** The storage-initializer container (`KServeStackArgs.storageInitializer`). */
export interface KServeStorageInitializerArgs {
    /** Requests and limits of the storage-initializer init container. @default KServe's */
    readonly resources?: Resources;
}

/** S3 settings of the storage initializer (`KServeStackArgs.s3`, `inferenceservice-config` `credentials.s3`). */
export interface KServeS3Args {
    /** Endpoint host[:port], without scheme. @default AWS S3 */
    readonly endpoint?: string;
    /** Bucket region. @default the SDK's */
    readonly region?: string;
    /** HTTPS (true) or plain HTTP (false) to the endpoint. @default KServe's (HTTPS) */
    readonly useHttps?: boolean;
    /** Verify the endpoint's TLS certificate. @default KServe's (true) */
    readonly verifySsl?: boolean;
    /** Virtual-hosted-style bucket URLs. @default KServe's (path style) */
    readonly useVirtualBucket?: boolean;
    /** Unsigned requests, for public buckets. @default KServe's (false) */
    readonly useAnonymousCredential?: boolean;
    /** Secret key holding the access key id, for static keys. @default "AWS_ACCESS_KEY_ID" */
    readonly accessKeyIdName?: string;
    /** Secret key holding the secret access key, for static keys. @default "AWS_SECRET_ACCESS_KEY" */
    readonly secretAccessKeyName?: string;
}

/** cert-manager, which KServe's webhooks need (`KServeStackArgs.certManager`). */
export interface KServeCertManagerArgs {
    /** Whether to install cert-manager. @default true */
    readonly install?: boolean;
}

/** Knative Serving settings, Knative mode only (`KServeStackArgs.knative`). */
export interface KServeKnativeArgs {
    /** How long a revision may take to become ready (`config-deployment` `progress-deadline`; Knative's is 600s, KServe #3795). @default "1800s" */
    readonly progressDeadline?: string;
    /** Whether revisions may scale to zero (`config-autoscaler` `enable-scale-to-zero`). @default true */
    readonly scaleToZero?: boolean;
    /** How long a pod is kept after traffic stops (`config-autoscaler` `scale-down-delay`), so a slow GPU node and model load are not thrown away (KServe #1247). @default "15m" */
    readonly scaleDownDelay?: string;
    /** Image template for Knative Serving's own images (`spec.registry.default`, with `${NAME}`); required with `registries.images`. @default Knative's (gcr.io) */
    readonly imageTemplate?: string;
}

/** Istio settings, Knative mode only (`KServeStackArgs.istio`). */
export interface KServeIstioArgs {
    /** The ingress gateway's Service; `ClusterIP` keeps it private (in-cluster callers use Knative's local gateway). @default {type: "ClusterIP", annotations: {}} */
    readonly gatewayService?: KServeGatewayServiceArgs;
}

/** The Istio ingress gateway's Service (`KServeStackArgs.istio.gatewayService`). */
export interface KServeGatewayServiceArgs {
    /** Service type; `LoadBalancer` asks the cloud for a load balancer (public unless annotated internal). @default "ClusterIP" */
    readonly type?: "ClusterIP" | "LoadBalancer" | "NodePort";
    /**
     * Cloud load-balancer annotations (e.g. an internal-LB annotation). Keys are qualified names and keys and values together at most 256 KiB, by Kubernetes' rules ({@link annotationsSchema}).
     * @default {}
     */
    readonly annotations?: Readonly<Record<string, string>>;
}
