/**
 * Where ACME state lives, shared by every replica: {@link io.swarmedge.acme.store.CertificateStore}
 * (load, store, list, delete, leased locks) with a directory implementation for local or NFS volumes
 * and a Swarm-config implementation that needs no shared disk. {@link
 * io.swarmedge.acme.store.StoreLayout} says which key holds what.
 */
package io.swarmedge.acme.store;
