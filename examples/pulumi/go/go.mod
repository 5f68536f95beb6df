module wgmesh-lab-go

go 1.25

require (
	github.com/pulumi/pulumi/sdk/v3 v3.274.1
	github.com/wgmesh/wgmesh/sdk/go v0.0.0
)

replace github.com/wgmesh/wgmesh/sdk/go => ../sdk/go
