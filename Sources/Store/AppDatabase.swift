import Foundation
import GRDB
