// L2-bridged WireGuard mesh networks over plain SSH: on each host one WireGuard interface, one GRE tap tunnel per peer inside it, and a bridge joining the tunnels that holds the host's mesh address.
package wgmesh
