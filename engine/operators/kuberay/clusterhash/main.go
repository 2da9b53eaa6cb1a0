// Command kuberay-clusterhash prints, for each RayClusterSpec of the JSON array on stdin, the hash
// KubeRay's RayService controller compares to decide whether a spec change starts a new cluster
// (utils.GenerateHashWithoutReplicasAndWorkersToDelete, the ray-operator version this module
// pins). The e2e tests feed it the specs the library renders, so they check against KubeRay's own
// function rather than a copy of its rules.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	rayv1 "github.com/ray-project/kuberay/ray-operator/apis/ray/v1"
	"github.com/ray-project/kuberay/ray-operator/controllers/ray/utils"
)

func main() {
	var specs []rayv1.RayClusterSpec
	if err := json.NewDecoder(os.Stdin).Decode(&specs); err != nil {
		fmt.Fprintln(os.Stderr, "kuberay-clusterhash: stdin is not a JSON array of RayClusterSpec:", err)
		os.Exit(2)
	}
	for _, spec := range specs {
		hash, err := utils.GenerateHashWithoutReplicasAndWorkersToDelete(spec)
		if err != nil {
			fmt.Fprintln(os.Stderr, "kuberay-clusterhash:", err)
			os.Exit(1)
		}
		fmt.Println(hash)
	}
}
