//! Finding the region a key belongs to. MiniMax keys are region-locked; used against
//! the other region they are refused with 1004 or 2049. When no region is set anywhere,
//! such a refusal is answered by trying the other region once; if that works, the run
//! carries on there and says (once) how to set the region so the probe is skipped.

use std::cell::{Cell, RefCell};

use crate::engine::error::{EngineError, ErrorKind};
use crate::engine::net::Endpoint;
use crate::report;
use crate::spec::Region;

/// The host in use, and the other region to try when the key is refused.
#[derive(Debug)]
pub struct RegionProbe {
    current: RefCell<Endpoint>,
    /// Where the current host is (when it is a region's).
    region: Cell<Option<Region>>,
    other: RefCell<Option<(Region, Endpoint)>>,
    /// A switch happened and has not been reported yet.
    switched: Cell<bool>,
}

impl RegionProbe {
    /// A host that is never probed away from (a region or base URL was set).
    pub fn fixed(endpoint: Endpoint) -> RegionProbe {
        RegionProbe {
            current: RefCell::new(endpoint),
            region: Cell::new(None),
            other: RefCell::new(None),
            switched: Cell::new(false),
        }
    }

    /// The default region's host, with the other region to try once.
    pub fn probing(region: Region, endpoint: Endpoint, other: (Region, Endpoint)) -> RegionProbe {
        RegionProbe {
            current: RefCell::new(endpoint),
            region: Cell::new(Some(region)),
            other: RefCell::new(Some(other)),
            switched: Cell::new(false),
        }
    }

    pub fn endpoint(&self) -> Endpoint {
        self.current.borrow().clone()
    }

    /// After `error` from a request made to `used`: whether to try again at the current
    /// host (the other region, tried once, and only for a key refused as a wrong-region
    /// key would be). A request that went out before another one switched follows the
    /// switch, so concurrent workers find the region once, together.
    pub fn switch(&self, error: &EngineError, used: &Endpoint) -> bool {
        let wrong_key = error.kind == ErrorKind::Auth && matches!(error.status, Some(1004 | 2049));
        if !wrong_key {
            return false;
        }
        if *self.current.borrow() != *used {
            return true;
        }
        let Some((region, endpoint)) = self.other.borrow_mut().take() else {
            return false;
        };
        report::debug(
            "region",
            format_args!(
                "the key was refused ({error}); trying the {} region ({})",
                region_name(region),
                endpoint.shown()
            ),
        );
        *self.current.borrow_mut() = endpoint;
        self.region.set(Some(region));
        self.switched.set(true);
        true
    }

    /// A request succeeded: after a switch, says once where the key belongs.
    pub fn confirm(&self) {
        // Once anything worked where we are, there is nothing more to probe.
        self.other.borrow_mut().take();
        if self.switched.replace(false)
            && let Some(region) = self.region.get()
        {
            let name = region_name(region);
            report::info(format_args!(
                "this key belongs to the {name} region ({}); set region = \"{name}\" in the config file, MINIMAX_REGION={name} or --region {name} to skip this probe",
                self.endpoint().shown()
            ));
        }
    }
}

fn region_name(region: Region) -> &'static str {
    match region {
        Region::Global => "global",
        Region::Cn => "cn",
    }
}
