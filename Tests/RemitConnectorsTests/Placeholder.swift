import Testing
import Hummingbird
@testable import RemitConnectors
