// Command llm-serving-kube-apiserver is the control plane of pulumi-llm-serving's
// cluster twin: a real kube-apiserver (k8s.io/kubernetes, built from the Go module)
// with an embedded etcd in one process, bound to 127.0.0.1 only, plus two child
// processes of the same binary once the API server is ready: the real kube-scheduler
// and a kube-controller-manager running the controllers the library's workloads need
// (workloads, jobs, volume binding, endpoints, garbage collection, namespaces, service
// accounts, HPA). There is no kubelet: the end-to-end tests run a stand-in that marks
// pods bound to twin nodes Running (test/e2e/support/twin/).
//
// Usage:
//
//	llm-serving-kube-apiserver --data-dir DIR [--secure-port N] [--kubeconfig FILE]
//	    [--token T] [--controllers LIST] [--scheduler=true|false] [-- extra kube-apiserver flags]
//
// Before the API server starts, it writes into DIR: pki/ (a CA, a serving
// certificate for 127.0.0.1/localhost, a service-account key), a static token file
// and a kubeconfig (default DIR/kubeconfig) whose user authenticates with a bearer
// token in the system:masters group. Callers wait for GET /readyz to answer "ok".
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"flag"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
	_ "time/tzdata" // for timeZone support in CronJob, as upstream's main

	"go.etcd.io/etcd/server/v3/embed"
	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/component-base/version"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
	kcm "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
)

// defaultControllers are the kube-controller-manager controllers of the twin.
// nodelifecycle is left out on purpose: it is the only reader of node Leases and
// would mark the twin nodes (which have no kubelet renewing a Lease) NotReady.
const defaultControllers = "garbagecollector,namespace,serviceaccount," +
	"deployment,replicaset,statefulset,job,ttl-after-finished," +
	"persistentvolume-binder,pvc-protection,pv-protection," +
	"endpoint,endpointslice,horizontalpodautoscaling"

func main() {
	// Child modes: the parent starts the same binary as controller manager and scheduler.
	if len(os.Args) > 1 && os.Args[1] == "kube-controller-manager" {
		command := kcm.NewControllerManagerCommand()
		command.SetArgs(os.Args[2:])
		os.Exit(cli.Run(command))
	}
	if len(os.Args) > 1 && os.Args[1] == "kube-scheduler" {
		command := scheduler.NewSchedulerCommand()
		command.SetArgs(os.Args[2:])
		os.Exit(cli.Run(command))
	}
	os.Exit(run())
}

func run() int {
	fs := flag.NewFlagSet("llm-serving-kube-apiserver", flag.ContinueOnError)
	dataDir := fs.String("data-dir", "", "directory for etcd data, certificates, token file and kubeconfig (required)")
	securePort := fs.Int("secure-port", 0, "HTTPS port on 127.0.0.1 (0 picks a free port)")
	kubeconfigPath := fs.String("kubeconfig", "", "where to write the kubeconfig (default DATA_DIR/kubeconfig)")
	token := fs.String("token", "", "bearer token for the admin user (default: random)")
	controllers := fs.String("controllers", defaultControllers,
		"kube-controller-manager controllers to run once the API server is ready (empty: none)")
	runScheduler := fs.Bool("scheduler", true, "run kube-scheduler once the API server is ready")
	showVersion := fs.Bool("version", false, "print the version and exit")
	if err := fs.Parse(os.Args[1:]); err != nil {
		return 2
	}
	if *showVersion {
		fmt.Printf("llm-serving-kube-apiserver %s (etcd embedded)\n", version.Get().GitVersion)
		return 0
	}
	if *dataDir == "" {
		fmt.Fprintln(os.Stderr, "--data-dir is required")
		return 2
	}
	dir, err := filepath.Abs(*dataDir)
	if err != nil {
		return fail(err)
	}
	if *kubeconfigPath == "" {
		*kubeconfigPath = filepath.Join(dir, "kubeconfig")
	}
	if *token == "" {
		b := make([]byte, 24)
		if _, err := rand.Read(b); err != nil {
			return fail(err)
		}
		*token = hex.EncodeToString(b)
	}
	if *securePort == 0 {
		if *securePort, err = freePort(); err != nil {
			return fail(err)
		}
	}

	pki := filepath.Join(dir, "pki")
	if err := os.MkdirAll(pki, 0o700); err != nil {
		return fail(err)
	}
	caPEM, err := writePKI(pki)
	if err != nil {
		return fail(err)
	}
	tokenFile := filepath.Join(pki, "tokens.csv")
	if err := os.WriteFile(tokenFile, []byte(fmt.Sprintf("%s,admin,admin,\"system:masters\"\n", *token)), 0o600); err != nil {
		return fail(err)
	}

	etcdURL, stopEtcd, err := startEtcd(filepath.Join(dir, "etcd"))
	if err != nil {
		return fail(fmt.Errorf("embedded etcd: %w", err))
	}
	defer stopEtcd()

	server := fmt.Sprintf("https://127.0.0.1:%d", *securePort)
	if err := writeKubeconfig(*kubeconfigPath, server, caPEM, *token); err != nil {
		return fail(err)
	}

	args := []string{
		"--etcd-servers=" + etcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(*securePort),
		"--cert-dir=" + pki,
		"--tls-cert-file=" + filepath.Join(pki, "serving.crt"),
		"--tls-private-key-file=" + filepath.Join(pki, "serving.key"),
		"--client-ca-file=" + filepath.Join(pki, "ca.crt"),
		"--token-auth-file=" + tokenFile,
		"--authorization-mode=RBAC",
		"--anonymous-auth=false",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + filepath.Join(pki, "sa.key"),
		"--service-account-signing-key-file=" + filepath.Join(pki, "sa.key"),
		"--service-cluster-ip-range=10.0.0.0/24",
		"--endpoint-reconciler-type=none",
		"--allow-privileged=true",
		"--enable-priority-and-fairness=false",
		"--profiling=false",
		// Twin nodes have no kubelet and no node-lifecycle controller to lift the
		// not-ready taint this plugin adds to every new Node.
		"--disable-admission-plugins=TaintNodesByCondition",
	}
	args = append(args, fs.Args()...)

	fmt.Fprintf(os.Stderr, "llm-serving-kube-apiserver %s: server %s, etcd %s, kubeconfig %s\n",
		version.Get().GitVersion, server, etcdURL, *kubeconfigPath)
	if *controllers != "" {
		stopKCM := startWhenReady(server, caPEM, *token, "kube-controller-manager",
			"--kubeconfig="+*kubeconfigPath,
			"--controllers="+*controllers,
			"--leader-elect=false",
			"--use-service-account-credentials=false",
			"--bind-address=127.0.0.1",
			"--secure-port=0",
			"--authentication-skip-lookup=true",
			"--concurrent-deployment-syncs=2",
			"--kube-api-qps=100",
			"--kube-api-burst=200",
		)
		defer stopKCM()
	}
	if *runScheduler {
		stopScheduler := startWhenReady(server, caPEM, *token, "kube-scheduler",
			"--kubeconfig="+*kubeconfigPath,
			"--leader-elect=false",
			"--bind-address=127.0.0.1",
			"--secure-port=0",
			"--authentication-skip-lookup=true",
		)
		defer stopScheduler()
	}
	command := app.NewAPIServerCommand()
	command.SetArgs(args)
	return cli.Run(command)
}

// startWhenReady waits (in the background) for the API server's /readyz and then
// starts this binary again in the child mode `role` with args. The child gets
// SIGTERM if this process dies.
func startWhenReady(server string, caPEM []byte, token, role string, args ...string) func() {
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(caPEM)
		client := &http.Client{
			Timeout:   2 * time.Second,
			Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
		}
		for {
			select {
			case <-stop:
				return
			case <-time.After(200 * time.Millisecond):
			}
			req, _ := http.NewRequest(http.MethodGet, server+"/readyz", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := client.Do(req)
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					break
				}
			}
		}
		self, err := os.Executable()
		if err != nil {
			fmt.Fprintln(os.Stderr, "llm-serving-kube-apiserver:", role+":", err)
			return
		}
		cmd := exec.Command(self, append([]string{role}, args...)...)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
		if err := cmd.Start(); err != nil {
			fmt.Fprintln(os.Stderr, "llm-serving-kube-apiserver:", role+":", err)
			return
		}
		exited := make(chan struct{})
		go func() { _ = cmd.Wait(); close(exited) }()
		select {
		case <-stop:
			_ = cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-exited:
			case <-time.After(5 * time.Second):
				_ = cmd.Process.Kill()
				<-exited
			}
		case <-exited:
			fmt.Fprintln(os.Stderr, "llm-serving-kube-apiserver:", role, "exited")
		}
	}()
	return func() {
		close(stop)
		<-done
	}
}

func fail(err error) int {
	fmt.Fprintln(os.Stderr, "llm-serving-kube-apiserver:", err)
	return 1
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func startEtcd(dir string) (string, func(), error) {
	clientPort, err := freePort()
	if err != nil {
		return "", nil, err
	}
	peerPort, err := freePort()
	if err != nil {
		return "", nil, err
	}
	cfg := embed.NewConfig()
	cfg.Name = "llm-serving"
	cfg.Dir = dir
	cfg.LogLevel = "error"
	cfg.UnsafeNoFsync = true // test fixture: durability is not needed
	cu := url.URL{Scheme: "http", Host: fmt.Sprintf("127.0.0.1:%d", clientPort)}
	pu := url.URL{Scheme: "http", Host: fmt.Sprintf("127.0.0.1:%d", peerPort)}
	cfg.ListenClientUrls = []url.URL{cu}
	cfg.AdvertiseClientUrls = []url.URL{cu}
	cfg.ListenPeerUrls = []url.URL{pu}
	cfg.AdvertisePeerUrls = []url.URL{pu}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return "", nil, err
	}
	select {
	case <-e.Server.ReadyNotify():
	case <-time.After(60 * time.Second):
		e.Server.Stop()
		return "", nil, fmt.Errorf("etcd was not ready after 60s")
	case err := <-e.Err():
		e.Close()
		return "", nil, err
	}
	return cu.String(), e.Close, nil
}

// writePKI writes ca.crt, serving.crt/.key (for 127.0.0.1 and localhost) and
// sa.key, and returns the CA certificate PEM.
func writePKI(dir string) ([]byte, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now().Add(-time.Hour)
	caTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "llm-serving-test-ca"},
		NotBefore:             now,
		NotAfter:              now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, err
	}
	srvKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	srvTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "kube-apiserver"},
		NotBefore:    now,
		NotAfter:     now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("10.0.0.1")},
		DNSNames:     []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"},
	}
	srvDER, err := x509.CreateCertificate(rand.Reader, srvTmpl, caCert, &srvKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	saKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	files := map[string][]byte{
		"ca.crt":      caPEM,
		"serving.crt": pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srvDER}),
	}
	for name, key := range map[string]*ecdsa.PrivateKey{"serving.key": srvKey, "sa.key": saKey} {
		der, err := x509.MarshalECPrivateKey(key)
		if err != nil {
			return nil, err
		}
		files[name] = pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der})
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			return nil, err
		}
	}
	return caPEM, nil
}

func writeKubeconfig(path, server string, caPEM []byte, token string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	b64 := base64.StdEncoding.EncodeToString
	cfg := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: llm-serving-test
  cluster:
    server: %s
    certificate-authority-data: %s
users:
- name: admin
  user:
    token: %s
contexts:
- name: llm-serving-test
  context:
    cluster: llm-serving-test
    user: admin
    namespace: default
current-context: llm-serving-test
`, server, b64(caPEM), token)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(cfg), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
