// A Go provider with the schema of hashicorp/terraform-provider-null (null_resource,
// null_data_source), written on terraform-plugin-framework, for bench/plugin_overhead.sh.
// The null provider's own releases (v2, v3) are not served by the Go module proxy (their
// module path has no /vN suffix); this stands in for it: the same SDK, gRPC stack and
// go-plugin handshake a framework-based Go provider has. Built by bench/plugin_overhead.sh
// into the tool cache, never into the tree. Serves plugin protocol 6, as wgmesh does.
package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"log"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type nullProvider struct{}

func (nullProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "null"
	resp.Version = "0.0.1"
}

func (nullProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{}
}

func (nullProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (nullProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return nullResource{} }}
}

func (nullProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{func() datasource.DataSource { return nullDataSource{} }}
}

func randomID() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		panic(err)
	}
	return fmt.Sprint(n)
}

// null_resource: an id and a map of triggers whose change replaces it.
type nullResource struct{}

type resourceModel struct {
	ID       types.String `tfsdk:"id"`
	Triggers types.Map    `tfsdk:"triggers"`
}

func (nullResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_resource"
}

func (nullResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = rschema.Schema{
		Description: "A resource that does nothing but can be replaced when its triggers change.",
		Attributes: map[string]rschema.Attribute{
			"id": rschema.StringAttribute{
				Computed:      true,
				Description:   "A random value set when the resource is created.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"triggers": rschema.MapAttribute{
				ElementType:   types.StringType,
				Optional:      true,
				Description:   "Arbitrary values whose change replaces the resource.",
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
			},
		},
	}
}

func (nullResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID = types.StringValue(randomID())
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (nullResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (nullResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (nullResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// null_data_source: copies its inputs to its outputs.
type nullDataSource struct{}

type dataModel struct {
	ID                 types.String `tfsdk:"id"`
	Inputs             types.Map    `tfsdk:"inputs"`
	Outputs            types.Map    `tfsdk:"outputs"`
	Random             types.String `tfsdk:"random"`
	HasComputedDefault types.String `tfsdk:"has_computed_default"`
}

func (nullDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_data_source"
}

func (nullDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dschema.Schema{
		Description: "Copies its inputs to its outputs.",
		Attributes: map[string]dschema.Attribute{
			"id":                   dschema.StringAttribute{Computed: true},
			"inputs":               dschema.MapAttribute{ElementType: types.StringType, Optional: true},
			"outputs":              dschema.MapAttribute{ElementType: types.StringType, Computed: true},
			"random":               dschema.StringAttribute{Computed: true},
			"has_computed_default": dschema.StringAttribute{Optional: true, Computed: true},
		},
	}
}

func (nullDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m dataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID = types.StringValue("static")
	m.Outputs = m.Inputs
	if m.Outputs.IsNull() {
		m.Outputs = types.MapNull(types.StringType)
	}
	m.Random = types.StringValue(randomID())
	if m.HasComputedDefault.IsNull() || m.HasComputedDefault.IsUnknown() {
		m.HasComputedDefault = types.StringValue("default")
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return nullProvider{} },
		providerserver.ServeOpts{Address: "wgmesh.local/bench/null", ProtocolVersion: 6})
	if err != nil {
		log.Fatal(err)
	}
}
