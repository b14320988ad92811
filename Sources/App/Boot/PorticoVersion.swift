/// The version `portico version` prints and the footer shows.
package enum PorticoVersion {
    package static let current = "0.1.0"
}
