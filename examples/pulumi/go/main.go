// One wgmesh over the lab's hosts (docs/lab.md): a Mesh, and one Node per host,
// as ../typescript and ../yaml. Provider config: wgmesh:knownHostsFile,
// wgmesh:privateKey (secret).
package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/wgmesh/wgmesh/sdk/go/wgmesh"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		sshHost := cfg.Get("sshHost")
		if sshHost == "" {
			sshHost = "127.0.0.1"
		}
		sshPortBase := cfg.GetInt("sshPortBase")
		if sshPortBase == 0 {
			sshPortBase = 22200
		}
		hosts := []string{"n1", "n2", "n3"}

		nodes := wgmesh.MeshNodeMap{}
		for i, name := range hosts {
			nodes[name] = wgmesh.MeshNodeArgs{
				Addr:     pulumi.Sprintf("10.0.0.%d/24", i+1),
				Endpoint: pulumi.String(fmt.Sprintf("fd00:10::%d", i+1)),
			}
		}
		lab, err := wgmesh.NewMesh(ctx, "lab", &wgmesh.MeshArgs{
			Name:    pulumi.String("lab"),
			Network: pulumi.String("10.0.0.0/24"),
			Nodes:   nodes,
		})
		if err != nil {
			return err
		}

		bridgeAddresses := pulumi.StringArray{}
		for i, name := range hosts {
			node, err := wgmesh.NewNode(ctx, name, &wgmesh.NodeArgs{
				Config:     lab.NodeConfigs.MapIndex(pulumi.String(name)),
				Connection: wgmesh.ConnectionArgs{Host: pulumi.String(sshHost), Port: pulumi.Int(sshPortBase + i + 1)},
			})
			if err != nil {
				return err
			}
			bridgeAddresses = append(bridgeAddresses, node.BridgeAddress)
		}
		ctx.Export("publicKeys", lab.PublicKeys)
		ctx.Export("bridgeAddresses", bridgeAddresses)
		return nil
	})
}
